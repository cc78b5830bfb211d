package dev.ffnn.engine.io;

/** A model file that is missing, corrupt, truncated, of another format or of an unsupported version. */
public final class ModelFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
