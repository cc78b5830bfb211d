package dev.ffnn.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that passes everything through but one given line, wherever it appears whole. Made for
 * JMH's console: every fork's JVM prints "WARNING: Using incubator modules: jdk.incubator.vector" on its
 * stderr before {@code main}, which JMH relays, sixty times a run, and no JVM flag turns it off.
 *
 * <p>Bytes go through as they come, so JMH's half-written lines ("# Warmup Iteration 1: " before its figure)
 * still show at once. Only a line that so far reads as the start of the dropped one is held back, until it
 * either ends as that line (dropped with its newline) or stops matching (written out). {@link #flush()} keeps
 * what is held, or a line written in pieces would leak; {@link #close()} writes it out and closes nothing,
 * since the stream under it is the process's stdout.
 */
final class DropLineStream extends OutputStream {
    private final OutputStream out;
    private final byte[] line;
    /** How many bytes of {@link #line} the current line has matched and this stream holds back. */
    private int held;
    /** Whether the current line has already stopped matching: passed through up to its newline. */
    private boolean passing;

    DropLineStream(OutputStream out, String line) {
        this.out = out;
        this.line = line.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (passing) {
            out.write(b);
            passing = b != '\n';
        } else if (held < line.length && (byte) b == line[held]) {
            held++;
        } else if (held == line.length && b == '\n') {
            held = 0;
        } else {
            out.write(line, 0, held);
            held = 0;
            out.write(b);
            passing = b != '\n';
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.write(line, 0, held);
        held = 0;
        out.flush();
    }
}
