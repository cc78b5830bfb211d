package dev.ffnn.engine.cli;

import dev.ffnn.engine.data.DataException;
import dev.ffnn.engine.io.ModelFormatException;
import dev.ffnn.engine.nn.DivergedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ffnn} program: {@code classify}, {@code regress} and {@code predict}.
 *
 * <p>Exit codes: 0 success, 1 internal error, 2 bad input or usage (one message naming file, line and
 * column where they apply; no stack trace), 3 training diverged.
 */
@Command(name = "ffnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train and run a two-layer feedforward network (N → K sigmoid → J).",
        subcommands = {ClassifyCommand.class, RegressCommand.class, PredictCommand.class,
                       CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 2 bad input or usage, 3 training diverged.",
                  "Run with: java --add-modules jdk.incubator.vector -jar ffnn.jar <command> (JDK 25+)."})
public final class Main implements Runnable {
    /** Exit code for bad input data, bad model files and bad usage. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code when the loss becomes NaN or infinite. */
    public static final int EXIT_DIVERGED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose classify, regress or predict");
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handlers; one line instead of the JVM's stack trace.
            System.err.println("ffnn: out of memory (" + e.getMessage() + "): give the JVM a larger heap"
                    + " (FFNN_JAVA_OPTS=-Xmx… with ./ffnn, or java -Xmx…), or use --batch for smaller passes");
            code = 1;
        }
        System.exit(code);
    }

    /** Runs the program with the given streams and returns its exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ffnn: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code;
            if (ex instanceof DataException || ex instanceof ModelFormatException || ex instanceof UsageException) {
                code = EXIT_BAD_INPUT;
                err.println("ffnn: error: " + ex.getMessage());
            } else if (ex instanceof DivergedException) {
                code = EXIT_DIVERGED;
                err.println("ffnn: " + ex.getMessage());
            } else {
                code = 1;
                err.println("ffnn: internal error: " + ex);
                if (System.getenv("FFNN_DEBUG") != null) {
                    ex.printStackTrace(err);
                } else {
                    err.println("(set FFNN_DEBUG=1 for the stack trace)");
                }
            }
            err.flush();
            return code;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** A problem with how the program was asked to run (options that do not fit the data, …). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ffnn " + (v == null ? "dev" : v) + " on Java " + Runtime.version()};
        }
    }
}
