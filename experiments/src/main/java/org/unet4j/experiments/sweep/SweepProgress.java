package org.unet4j.experiments.sweep;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The one progress display of a sweep: {@code sweep: 5/8 done, 2 running, 1 failed, ETA 3m 10s}, printed whenever
 * a count changes. The ETA is the mean time of the runs finished in this invocation times the runs left, divided
 * by the runs going at once.
 */
final class SweepProgress {
    private final PrintStream console;
    private final int total;
    private int done;
    private int running;
    private int failed;
    private int finishedHere;
    private double secondsHere;

    SweepProgress(PrintStream console, int total, int alreadyDone) {
        this.console = console;
        this.total = total;
        this.done = alreadyDone;
    }

    void started() {
        running++;
        show();
    }

    void finished(RunOutcome outcome) {
        running--;
        if (outcome.done()) {
            done++;
            finishedHere++;
            secondsHere += outcome.seconds();
        }
        show();
    }

    void failed() {
        failed++;
        show();
    }

    void note(String line) {
        console.println("sweep: " + line);
    }

    private void show() {
        console.println(String.format(Locale.ROOT, "sweep: %d/%d done, %d running, %d failed, ETA %s", done, total,
                running, failed, eta()));
    }

    private String eta() {
        int left = total - done - failed;
        if (left == 0) {
            return "0s";
        }
        if (finishedHere == 0) {
            return "unknown";
        }
        long seconds = Math.round(secondsHere / finishedHere * Math.ceil((double) left / Math.max(1, running)));
        return seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
    }
}
