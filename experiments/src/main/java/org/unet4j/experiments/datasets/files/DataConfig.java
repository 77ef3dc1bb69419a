package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.unet4j.experiments.output.AtomicFiles;

/**
 * The input settings a trained model needs again at prediction time: channels, the sample size policy and the
 * normalisation of the training images. Saved with the run as {@code data.json}.
 *
 * @param channels      1 (luma) or 3 (RGB)
 * @param size          the training samples' size and how images were brought to it
 * @param normalisation the training part's statistics
 */
public record DataConfig(int channels, SizePolicy size, Normalisation normalisation) {
    /** Checks the channels agree. */
    public DataConfig {
        if (channels != normalisation.channels()) {
            throw new IllegalArgumentException(channels + " channels but a normalisation of "
                    + normalisation.channels());
        }
    }

    /** The settings of generated data: one channel, {@code size} pixels square, no normalisation. */
    public static DataConfig generated(int size) {
        return new DataConfig(1, SizePolicy.of("resize", size), new Normalisation(new double[] {0},
                new double[] {1}));
    }

    /** Writes the settings as JSON, atomically. */
    public void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("channels", channels);
        json.put("size", size.size());
        json.put("fit", size.mode().name().toLowerCase(java.util.Locale.ROOT));
        json.put("mean", normalisation.mean());
        json.put("std", normalisation.std());
        AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
    }

    /** Reads settings written by {@link #write}. */
    public static DataConfig read(Path file) throws IOException {
        try {
            Json json = new Gson().fromJson(Files.readString(file), Json.class);
            if (json == null || json.fit == null || json.mean == null || json.std == null) {
                throw new IOException(file + " lacks channels, size, fit, mean or std");
            }
            return new DataConfig(json.channels, SizePolicy.of(json.fit, json.size),
                    new Normalisation(json.mean, json.std));
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + " is not a valid data.json: " + e.getMessage(), e);
        }
    }

    private static final class Json {
        int channels;
        int size;
        String fit;
        double[] mean;
        double[] std;
    }
}
