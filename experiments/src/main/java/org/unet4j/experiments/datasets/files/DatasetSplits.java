package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.unet4j.experiments.output.AtomicFiles;

/**
 * Which samples (by name) are for training, validation and testing. The dataset's own split is kept where it has
 * one; what it leaves open is drawn by seed. Written to a run as {@code splits.json} and read back with
 * {@code --splits FILE}, so that two runs compare on the same images.
 *
 * @param train      training sample names
 * @param validation validation sample names
 * @param test       test sample names
 */
public record DatasetSplits(List<String> train, List<String> validation, List<String> test) {
    /** The file name inside a run directory. */
    public static final String FILE = "splits.json";

    /** Copies the lists; a name in two parts is an error. */
    public DatasetSplits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        Set<String> seen = new HashSet<>();
        for (List<String> part : List.of(train, validation, test)) {
            for (String name : part) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("sample '" + name + "' is in two splits");
                }
            }
        }
    }

    /**
     * Splits {@code samples}: a sample with its own split keeps it; the validation part, when the dataset has none,
     * is drawn from its training part ({@code validationFraction} of it); samples without any split are drawn into
     * the three parts by {@code validationFraction} and {@code testFraction}; a missing test part is drawn from the
     * training part likewise. Same seed, same split. Each part keeps at least one sample.
     */
    public static DatasetSplits assign(List<SampleFiles> samples, double validationFraction, double testFraction,
            long seed) {
        if (!(validationFraction > 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("split fractions need validation > 0, test >= 0 and validation + test"
                    + " < 1, got " + validationFraction + " and " + testFraction);
        }
        List<String> train = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> test = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (SampleFiles s : samples) {
            switch (s.split() == null ? "" : s.split()) {
                case "train" -> train.add(s.name());
                case "validation" -> validation.add(s.name());
                case "test" -> test.add(s.name());
                default -> open.add(s.name());
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        if (!open.isEmpty()) {
            shuffle(open, rng);
            int n = open.size();
            boolean needTest = test.isEmpty();
            int nTest = needTest ? Math.max(testFraction > 0 ? 1 : 0, (int) Math.round(testFraction * n)) : 0;
            int nVal = validation.isEmpty() ? Math.max(1, (int) Math.round(validationFraction * n)) : 0;
            if (n - nTest - nVal < 1 && train.isEmpty()) {
                throw new IllegalArgumentException("cannot split " + n + " samples into training, validation and"
                        + " test parts; add images or lower the fractions");
            }
            test.addAll(open.subList(0, nTest));
            validation.addAll(open.subList(nTest, nTest + nVal));
            train.addAll(open.subList(nTest + nVal, n));
        }
        if (validation.isEmpty()) {
            List<String> pool = new ArrayList<>(train);
            shuffle(pool, rng);
            int nVal = Math.max(1, (int) Math.round(validationFraction * pool.size()));
            if (pool.size() - nVal < 1) {
                throw new IllegalArgumentException("the training part has " + pool.size() + " samples, too few to"
                        + " set a validation part aside");
            }
            validation.addAll(pool.subList(0, nVal));
            train.removeAll(new HashSet<>(validation));
        }
        if (test.isEmpty() && testFraction > 0) {
            List<String> pool = new ArrayList<>(train);
            shuffle(pool, rng);
            int nTest = Math.max(1, (int) Math.round(testFraction * (pool.size() + validation.size())));
            if (pool.size() - nTest < 1) {
                throw new IllegalArgumentException("the training part has " + pool.size() + " samples, too few to"
                        + " set a test part aside");
            }
            test.addAll(pool.subList(0, nTest));
            train.removeAll(new HashSet<>(test));
        }
        return new DatasetSplits(sorted(train), sorted(validation), sorted(test));
    }

    private static void shuffle(List<String> list, SplittableRandom rng) {
        Collections.sort(list);
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }

    private static List<String> sorted(List<String> list) {
        List<String> out = new ArrayList<>(list);
        Collections.sort(out);
        return out;
    }

    /** The part of {@code name}: train, validation, test, or null when it is in none. */
    public String partOf(String name) {
        if (train.contains(name)) {
            return "train";
        }
        if (validation.contains(name)) {
            return "validation";
        }
        return test.contains(name) ? "test" : null;
    }

    /** Fails naming the first listed sample that is not among {@code available}. */
    public void requireAll(Set<String> available, Path file) throws IOException {
        for (List<String> part : List.of(train, validation, test)) {
            for (String name : part) {
                if (!available.contains(name)) {
                    throw new IOException(file + " lists sample '" + name + "', which this dataset does not have;"
                            + " it was written for another dataset or layout");
                }
            }
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IOException(file + " has an empty training or validation part");
        }
    }

    /** Writes the splits as JSON, atomically. */
    public void write(Path file) throws IOException {
        Map<String, List<String>> json = new LinkedHashMap<>();
        json.put("train", train);
        json.put("validation", validation);
        json.put("test", test);
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        AtomicFiles.writeString(file, gson.toJson(json) + "\n");
    }

    /** Reads splits written by {@link #write}. */
    public static DatasetSplits read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no splits file " + file + " (--splits takes the splits.json of an earlier run)");
        }
        try {
            SplitsJson json = new Gson().fromJson(Files.readString(file), SplitsJson.class);
            if (json == null || json.train == null || json.validation == null) {
                throw new IOException(file + " is not a splits.json: it needs the lists train, validation, test");
            }
            return new DatasetSplits(json.train, json.validation, json.test == null ? List.of() : json.test);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + " is not a valid splits.json: " + e.getMessage(), e);
        }
    }

    private static final class SplitsJson {
        List<String> train;
        List<String> validation;
        List<String> test;
    }

    @Override
    public String toString() {
        return "DatasetSplits[train " + train.size() + ", validation " + validation.size() + ", test " + test.size()
                + "]";
    }
}
