package org.unet4j.experiments.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * The {@code config.json} of a run: everything needed to repeat it.
 *
 * @param experiment  the experiment's name
 * @param parameters  every parameter's value as text (the form {@code --name value} accepts)
 * @param seed        the seed
 * @param device      the name of the device the run started on (e.g. {@code cpu}, {@code opencl:0}; {@code auto}
 *                    resolved)
 * @param threads     the CPU backend's threads
 * @param versions    unet4j, Java and operating-system versions
 * @param started     when the run started (ISO-8601 local time)
 */
public record RunConfig(String experiment, Map<String, String> parameters, long seed, String device, int threads,
        Map<String, String> versions, String started) {
    /** The file name inside a run directory. */
    public static final String FILE_NAME = "config.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Copies the maps, keeping their order. */
    public RunConfig {
        parameters = new LinkedHashMap<>(parameters);
        versions = new LinkedHashMap<>(versions);
    }

    /** Writes this configuration to {@code directory/config.json} atomically. */
    public void write(Path directory) throws IOException {
        AtomicFiles.writeString(directory.resolve(FILE_NAME), GSON.toJson(this) + "\n");
    }

    /** Reads {@code directory/config.json}, failing with a message naming the file when it is missing or invalid. */
    public static RunConfig read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        try {
            RunConfig config = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunConfig.class);
            if (config == null || config.experiment() == null || config.parameters() == null) {
                throw new IOException(file + " is not a unet4j run configuration (no experiment or parameters)");
            }
            return config;
        } catch (NoSuchFileException e) {
            throw new IOException("there is no " + FILE_NAME + " in " + directory + ": it is not a unet4j run"
                    + " directory, so there is nothing to resume", e);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses any JSON object into a map (used to check a written file parses). */
    public static Map<String, Object> parseObject(String json) {
        return GSON.fromJson(json, new TypeToken<Map<String, Object>>() { }.getType());
    }
}
