package io.throttleresponder.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The on-call guide's own script as the benchmark's peer: {@code bench/peer/emergency_scale_table.py}
 * (python3 with boto3), run as a fresh process against the same DynamoDB Local as the responder's JVMs.
 * Timed from the launcher's clock before the process starts to the line the script prints once its
 * UpdateTable is done and its waiter has seen the table ACTIVE.
 */
final class Peer {

    static final String SCALED_LINE = "Emergency scaling completed for ";

    /** Debian's interpreter, where apt-get install python3-boto3 puts boto3, before whatever python3 the PATH finds. */
    static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");

    private final Path script;
    private final String python;

    private Peer(Path script, String python) {
        this.script = script;
        this.python = python;
    }

    /** The peer on the first interpreter that imports boto3; empty when none does. */
    static Optional<Peer> find(Path script) {
        return INTERPRETERS.stream().filter(python -> boto3Version(python).isPresent()).findFirst()
                .map(python -> new Peer(script, python));
    }

    /** "/usr/bin/python3 (Python 3.11.2, boto3 1.26.27)". */
    String describe() {
        return python + " (" + boto3Version(python).orElse("?") + ")";
    }

    private static Optional<String> boto3Version(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c",
                    "import boto3, sys; print('Python ' + sys.version.split()[0] + ', boto3 ' + boto3.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** One fresh run: milliseconds from process start to the table scaled. */
    double run(URI endpoint, String table) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script + " is missing");
        }
        long launchedAt = System.nanoTime();
        Process process = new ProcessBuilder(python, script.toString(), endpoint.toString(), table)
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        double scaled = Double.NaN;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith(SCALED_LINE) && Double.isNaN(scaled)) {
                    scaled = (System.nanoTime() - launchedAt) / 1e6;
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || Double.isNaN(scaled)) {
            throw new IllegalStateException("the peer script failed: " + String.join("\n", output));
        }
        return scaled;
    }
}
