package dev.ffnn.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work, that an output option names a place that can be written: a file that is not a
 * directory, a directory that is not a file, under a path whose existing part is a writable directory
 * (missing directories are created when the output is written, see {@code AtomicFiles}).
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** A file to be written (and replaced, if there), or nothing when {@code file} is null. */
    static void requireWritableFile(String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new Main.UsageException(option + " " + file + ": is a directory; give a file name, e.g. "
                    + file.resolve("model.txt"));
        }
        requireWritableAncestor(option, file, file.toAbsolutePath().getParent());
    }

    /** A directory to write files into (made if missing), or nothing when {@code dir} is null. */
    static void requireWritableDirectory(String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Main.UsageException(option + " " + dir + ": is a file, not a directory");
        }
        requireWritableAncestor(option, dir, dir.toAbsolutePath());
    }

    /** The nearest existing directory at or above {@code from} must be a directory we may write in. */
    private static void requireWritableAncestor(String option, Path given, Path from) {
        Path existing = from;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing of the path exists, not even its root: the write itself will say why
        }
        if (!Files.isDirectory(existing)) {
            throw new Main.UsageException(option + " " + given + ": " + existing + " is a file, not a directory");
        }
        if (!Files.isWritable(existing)) {
            throw new Main.UsageException(option + " " + given + ": cannot write in " + existing + " (no permission)");
        }
    }
}
