package org.unet4j.experiments.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.unet4j.experiments.output.AtomicFiles;

/**
 * {@code metrics.csv}: one row per epoch, columns {@code epoch, lr, train_loss, seconds}, then {@code val_<name>}
 * for each validation score. Rewritten whole and atomically after every epoch.
 */
public final class MetricsCsv {
    /** The file name inside a run directory. */
    public static final String FILE_NAME = "metrics.csv";

    private MetricsCsv() {
    }

    /** The CSV text of {@code history}. */
    public static String format(List<EpochRecord> history) {
        Set<String> scores = new LinkedHashSet<>();
        history.forEach(e -> scores.addAll(e.validation().keySet()));
        StringBuilder out = new StringBuilder("epoch,lr,train_loss,seconds");
        scores.forEach(s -> out.append(",val_").append(s));
        out.append('\n');
        for (EpochRecord e : history) {
            out.append(e.epoch()).append(',').append(number(e.learningRate())).append(',')
                    .append(number(e.trainLoss())).append(',').append(String.format(Locale.ROOT, "%.3f", e.seconds()));
            scores.forEach(s -> out.append(',').append(number(e.score(s))));
            out.append('\n');
        }
        return out.toString();
    }

    /** Writes {@code history} to {@code file} atomically. */
    public static void write(Path file, List<EpochRecord> history) throws IOException {
        AtomicFiles.writeString(file, format(history));
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
