package dev.ffnn.engine.nn;

/** The output layer and loss: what turns F̂ into G, and E's gradient with respect to F̂. */
public enum Head {
    /** G = softmax(F̂), E = cross-entropy; ∂E/∂F̂ collapses to (G − Y)/I. */
    CLASSIFICATION,
    /** G = F̂ (identity), E = mean squared error over all I·J entries; ∂E/∂F̂ = 2(G − Y)/(I·J). */
    REGRESSION;

    /** "classification" or "regression", as written in model files and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The inverse of {@link #label()}. */
    public static Head fromLabel(String label) {
        for (Head h : values()) {
            if (h.label().equals(label)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown head '" + label + "'");
    }
}
