package org.unet4j.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One yardstick's table of the benchmark record: the command that reruns it, then one row per figure with unet4j's
 * median time, the reference's, their ratio (unet4j / reference: below 1, unet4j is faster) and a note, printed as
 * Markdown. Lines added with {@link #line} follow the table.
 */
public final class RecordTable {
    private final String title;
    private final String command;
    private final String referenceName;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    /** One figure: unet4j's median seconds, the reference's answer and a note. */
    public record Row(String figure, double seconds, Reference.Answer reference, String note) {
    }

    /** A table named {@code title}, rerun by {@code command}, against a reference called {@code referenceName}. */
    public RecordTable(String title, String command, String referenceName) {
        this.title = title;
        this.command = command;
        this.referenceName = referenceName;
    }

    /**
     * Adds a row; {@code reference} may be an answer that carries no figure (not run, no twin, failed). A line on
     * the error stream reports the progress of a long run.
     */
    public RecordTable row(String figure, double seconds, Reference.Answer reference, String note) {
        rows.add(new Row(figure, seconds, reference, note));
        System.err.println("bench: " + figure + ": " + time(seconds)
                + (reference.measured() ? ", reference " + time(reference.seconds()) : ""));
        return this;
    }

    /** Adds a line of text below the table. */
    public RecordTable line(String text) {
        lines.add(text);
        return this;
    }

    /** The rows in order. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Prints the table as Markdown: a heading, the command, the table and the lines below it. */
    public void print(PrintStream out) {
        out.println("## " + title);
        out.println();
        out.println("`" + command + "`");
        out.println();
        out.println("| figure | unet4j | " + referenceName + " | unet4j / " + referenceName + " | notes |");
        out.println("|---|---:|---:|---:|---|");
        for (Row r : rows) {
            Reference.Answer ref = r.reference();
            String refTime = ref.measured() ? time(ref.seconds()) : "-";
            String ratio = ref.measured() ? String.format(Locale.ROOT, "%.2f", r.seconds() / ref.seconds()) : "-";
            List<String> notes = new ArrayList<>();
            if (!r.note().isEmpty()) {
                notes.add(r.note());
            }
            if (ref.measured() && !ref.note().isEmpty()) {
                notes.add(referenceName + ": " + ref.note());
            }
            if (!ref.measured() && !ref.error().startsWith("not run")) {
                notes.add(referenceName + ": " + ref.error());
            }
            out.println("| " + r.figure() + " | " + time(r.seconds()) + " | " + refTime + " | " + ratio + " | "
                    + String.join("; ", notes) + " |");
        }
        if (!lines.isEmpty()) {
            out.println();
            lines.forEach(out::println);
        }
        out.println();
    }

    /** Seconds as "12.3 ms" below one second, else "1.234 s". */
    static String time(double seconds) {
        return seconds < 1 ? String.format(Locale.ROOT, "%.1f ms", seconds * 1e3)
                : String.format(Locale.ROOT, "%.3f s", seconds);
    }
}
