package org.unet4j.experiments.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One run of a sweep: a point (the swept parameters' values) and a seed. Its folder is
 * {@code <sweep>/<point>/seed-<seed>}, an ordinary run folder.
 *
 * @param point the swept parameters, name to value as text, in the grid's order
 * @param seed  the run's seed
 */
public record SweepRun(Map<String, String> point, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the point, keeping its order. */
    public SweepRun {
        point = new LinkedHashMap<>(point);
    }

    /** The configuration's label, {@code lr=0.001 block=PLN}; {@code default} for a sweep of one point. */
    public String configuration() {
        return configuration(point);
    }

    /** The label of {@code point}. */
    public static String configuration(Map<String, String> point) {
        return point.isEmpty() ? "default" : point.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** The point's folder name: its label with characters outside {@code [A-Za-z0-9=.+-]} made '_'. */
    public String pointFolder() {
        return configuration().replaceAll("[^A-Za-z0-9=.+-]", "_");
    }

    /** The run's folder inside {@code sweep}. */
    public Path directory(Path sweep) {
        return sweep.resolve(pointFolder()).resolve("seed-" + seed);
    }

    /** The run's path relative to the sweep, {@code lr=0.001_block=PLN/seed-7}. */
    public String id() {
        return pointFolder() + "/seed-" + seed;
    }

    /** The file the run's console output goes to: {@code <sweep>/logs/<point>-seed-<seed>.log}. */
    public Path consoleLog(Path sweep) {
        return sweep.resolve("logs").resolve(pointFolder() + "-seed-" + seed + ".log");
    }

    @Override
    public String toString() {
        return id();
    }
}
