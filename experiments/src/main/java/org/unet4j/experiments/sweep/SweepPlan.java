package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet4j.experiments.output.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * What a sweep runs, saved as {@code sweep.json} in its folder so that a second invocation can check it asks for
 * the same sweep before it resumes or skips anything.
 *
 * @param experiment the experiment's name
 * @param space      the swept axes as given ({@code lr=0.001,0.0001; block=PLN,DB}), or "" for one point
 * @param fixed      the parameters given once for every run, name to text
 * @param points     the points, each swept parameter's value as text
 * @param seeds      the seeds every point runs with
 */
public record SweepPlan(String experiment, String space, Map<String, String> fixed, List<Map<String, String>> points,
        List<Long> seeds) {
    /** The file inside the sweep folder. */
    public static final String FILE_NAME = "sweep.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Copies the collections, keeping their order. */
    public SweepPlan {
        fixed = new LinkedHashMap<>(fixed);
        points = points.stream().map(p -> (Map<String, String>) new LinkedHashMap<>(p)).toList();
        seeds = List.copyOf(seeds);
    }

    /** Every run: each point with each seed, point by point. */
    public List<SweepRun> runs() {
        List<SweepRun> runs = new ArrayList<>();
        for (Map<String, String> p : points) {
            for (long s : seeds) {
                runs.add(new SweepRun(p, s));
            }
        }
        return runs;
    }

    /** The parameters of {@code run}: the fixed ones and its point. */
    public Map<String, String> parameters(SweepRun run) {
        Map<String, String> all = new LinkedHashMap<>(fixed);
        all.putAll(run.point());
        return all;
    }

    /**
     * Writes this plan to {@code sweep/sweep.json}, or, when one is there, checks that it is this plan: a sweep
     * folder holds one sweep, so a different one is refused with the difference named.
     */
    public void saveOrCheck(Path sweep) throws IOException {
        Path file = sweep.resolve(FILE_NAME);
        if (Files.exists(file)) {
            SweepPlan saved;
            try {
                saved = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), SweepPlan.class);
            } catch (JsonParseException e) {
                throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
            }
            if (!equals(saved)) {
                throw new IllegalArgumentException(sweep + " holds another sweep (" + saved.describe() + "), not "
                        + describe() + "; choose another --out, or repeat that sweep's options to continue it");
            }
            return;
        }
        Files.createDirectories(sweep);
        AtomicFiles.writeString(file, GSON.toJson(this) + "\n");
    }

    /** {@code blocks, grid lr=0.001,0.0001, fixed {epochs=1}, seeds [7, 8]}. */
    public String describe() {
        return experiment + (space.isEmpty() ? "" : ", grid " + space) + ", fixed " + fixed + ", " + points.size()
                + " point(s), seeds " + seeds;
    }
}
