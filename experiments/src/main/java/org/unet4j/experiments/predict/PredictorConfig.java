package org.unet4j.experiments.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.datasets.files.DataConfig;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.MsdTask;
import org.unet4j.experiments.datasets.files.Normalisation;
import org.unet4j.experiments.datasets.files.SizePolicy;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.layers.topology.ConvPadding;

/**
 * Everything {@code unet4j predict} needs besides the weights: how to build the network ({@link ModelRecipe}), how
 * images were brought to the network during training ({@link DataConfig}: channels, size policy, normalisation)
 * and the probability threshold of a foreground pixel (a model of K &gt; 2 classes, {@link ModelRecipe#classes},
 * takes the argmax of its K probabilities instead). Written beside a model's {@code checkpoints/} folder as
 * {@code predictor.json} when the model has been trained.
 *
 * @param recipe    the network
 * @param input     channels, size policy and normalisation of the training images
 * @param threshold   a pixel is foreground when its probability is at least this
 * @param standardise each channel of an input volume is z-scored over its own voxels before the network, as the
 *                    volumes of an MSD task were in training ({@link MsdTask#standardise}); else {@code input}'s
 *                    normalisation applies
 */
public record PredictorConfig(ModelRecipe recipe, DataConfig input, double threshold, boolean standardise) {
    /** The file name, beside the {@code checkpoints/} folder. */
    public static final String FILE = "predictor.json";
    /** The format version written. */
    public static final int FORMAT = 1;

    /** Settings whose inputs are normalised by {@code input}'s statistics. */
    public PredictorConfig(ModelRecipe recipe, DataConfig input, double threshold) {
        this(recipe, input, threshold, false);
    }

    /** Checks the threshold and that recipe and input agree on the channels. */
    public PredictorConfig {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the threshold must lie in (0, 1), got " + threshold);
        }
        if (recipe.inChannels() != input.channels()) {
            throw new IllegalArgumentException("the network takes " + recipe.inChannels() + " channels but the input"
                    + " settings have " + input.channels());
        }
    }

    /**
     * Writes the settings of a model trained in {@code context} (in its sub-directory {@code part}, or the run
     * directory when empty) on {@code size x size} samples: the recipe, the run's input settings
     * ({@link DataParams#inputConfig}) and the threshold 1/2.
     */
    public static void save(ExperimentContext context, String part, ModelRecipe recipe) throws IOException {
        Path directory = part.isEmpty() ? context.directory() : context.directory().resolve(part);
        new PredictorConfig(recipe, DataParams.inputConfig(context, recipe.size()), 0.5).write(directory);
    }

    /** Writes {@code directory/predictor.json}, atomically. */
    public void write(Path directory) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("block", recipe.block());
        model.put("filters", recipe.filters());
        model.put("odeSteps", recipe.odeSteps());
        model.put("inChannels", recipe.inChannels());
        model.put("padding", recipe.padding().name());
        model.put("size", recipe.size());
        model.put("solver", recipe.solver());
        model.put("tolerance", recipe.tolerance());
        model.put("spatialDims", recipe.spatialDims());
        model.put("classes", recipe.classes());
        json.put("model", model);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("channels", input.channels());
        in.put("size", input.size().size());
        in.put("fit", input.size().mode().name().toLowerCase(Locale.ROOT));
        in.put("mean", input.normalisation().mean());
        in.put("std", input.normalisation().std());
        in.put("standardise", standardise);
        json.put("input", in);
        json.put("threshold", threshold);
        Files.createDirectories(directory);
        AtomicFiles.writeString(directory.resolve(FILE), new GsonBuilder().setPrettyPrinting().create().toJson(json)
                + "\n");
    }

    /** Reads {@code file}, failing with a message naming the file and what is missing. */
    public static PredictorConfig read(Path file) throws IOException {
        try {
            Json json = new Gson().fromJson(Files.readString(file), Json.class);
            if (json == null || json.model == null || json.input == null || json.model.block == null
                    || json.input.fit == null || json.input.mean == null || json.input.std == null) {
                throw new IOException(file + " is not a complete predictor.json (model, input and threshold)");
            }
            if (json.format != FORMAT) {
                throw new IOException(file + " has predictor format " + json.format + "; this build reads " + FORMAT);
            }
            ModelRecipe recipe = new ModelRecipe(json.model.block, json.model.filters, json.model.odeSteps,
                    json.model.inChannels, ConvPadding.valueOf(json.model.padding), json.model.size,
                    json.model.solver == null ? "rk4" : json.model.solver, json.model.tolerance,
                    json.model.spatialDims == 0 ? 2 : json.model.spatialDims,
                    json.model.classes == 0 ? 2 : json.model.classes);
            DataConfig input = new DataConfig(json.input.channels, SizePolicy.of(json.input.fit, json.input.size),
                    new Normalisation(json.input.mean, json.input.std));
            return new PredictorConfig(recipe, input, json.threshold, json.input.standardise);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + " is not a valid predictor.json: " + e.getMessage(), e);
        }
    }

    private static final class Json {
        int format;
        ModelJson model;
        InputJson input;
        double threshold;
    }

    private static final class ModelJson {
        String block;
        int[] filters;
        int odeSteps;
        int inChannels;
        String padding;
        int size;
        /** Absent before solvers were saved: RK4. */
        String solver;
        double tolerance;
        /** Absent before 3-D models were saved: 2. */
        int spatialDims;
        /** Absent before multi-class models were saved: 2 (one foreground logit). */
        int classes;
    }

    private static final class InputJson {
        int channels;
        int size;
        String fit;
        double[] mean;
        double[] std;
        /** Absent before volumes were saved: false. */
        boolean standardise;
    }
}
