package org.unet4j.experiments.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch/SciPy side of the benchmark record: {@code bench/reference.py} running as a server in a Python process
 * that unet4j starts once and asks for one figure at a time, right after measuring its own twin of that figure, so
 * that the two measurements of a ratio are taken back to back. One request and one answer are one JSON line each;
 * the script's documentation lists the figures. {@link #ABSENT} stands for a run without the reference.
 */
public final class Reference implements AutoCloseable {
    /** No reference: every answer says it was not run. */
    public static final Reference ABSENT = new Reference(null, null, null, "not run (add --reference)");

    private static final Gson GSON = new Gson();

    private final Process process;
    private final PrintWriter requests;
    private final BufferedReader answers;
    private final String description;

    private Reference(Process process, PrintWriter requests, BufferedReader answers, String description) {
        this.process = process;
        this.requests = requests;
        this.answers = answers;
        this.description = description;
    }

    /** The reference's answer: the median seconds, or the reason there is none, and a note (iterations, flow). */
    public record Answer(double seconds, String note, String error) {
        /** No figure, for the reason given (the reference has no twin, was not run, or failed). */
        public static Answer none(String reason) {
            return new Answer(Double.NaN, "", reason);
        }

        /** True when the reference measured the figure. */
        public boolean measured() {
            return error == null;
        }
    }

    /**
     * Starts {@code script} under {@code python} with {@code threads} threads and waits until it has imported torch
     * and SciPy.
     *
     * @throws IOException when the script is missing, Python cannot be started or the imports fail; the message
     *         says which and how to run without the reference
     */
    public static Reference start(Path python, Path script, int threads) throws IOException {
        if (!Files.isRegularFile(script)) {
            throw new IOException("the reference script " + script + " does not exist; run from the repository's"
                    + " top folder, pass --reference-script, or leave out --reference");
        }
        Process process;
        try {
            process = new ProcessBuilder(python.toString(), script.toString(), "serve", Integer.toString(threads))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + python + " for the PyTorch/SciPy reference (" + e.getMessage()
                    + "); pass --python or leave out --reference", e);
        }
        BufferedReader answers = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = answers.readLine();
        if (ready == null) {
            process.destroy();
            throw new IOException(python + " " + script + " stopped before it was ready (are torch, numpy and scipy"
                    + " installed? its error output is above); leave out --reference to run unet4j alone");
        }
        JsonObject hello = GSON.fromJson(ready, JsonObject.class);
        PrintWriter requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        return new Reference(process, requests, answers, hello.get("ready").getAsString());
    }

    /** The reference's libraries and threads, e.g. "PyTorch 1.13.0, SciPy 1.10.1, NumPy 1.24.2, 2 threads". */
    public String description() {
        return description;
    }

    /** True when a reference process answers the requests. */
    public boolean present() {
        return process != null;
    }

    /** Measures one figure: {@code request} names it ({@code "figure"}) with its sizes, runs and warm-up runs. */
    public Answer measure(Map<String, Object> request) {
        if (process == null) {
            return Answer.none(description);
        }
        requests.println(GSON.toJson(request));
        String line;
        try {
            line = answers.readLine();
        } catch (IOException e) {
            return Answer.none("the reference process failed: " + e.getMessage());
        }
        if (line == null) {
            return Answer.none("the reference process ended (its error output is above)");
        }
        JsonObject answer = GSON.fromJson(line, JsonObject.class);
        if (answer.has("error")) {
            return Answer.none(answer.get("error").getAsString());
        }
        return new Answer(answer.get("seconds").getAsDouble(), answer.get("note").getAsString(), null);
    }

    /** Ends the reference process: closes its input, which ends its loop, and waits for it. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        requests.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
