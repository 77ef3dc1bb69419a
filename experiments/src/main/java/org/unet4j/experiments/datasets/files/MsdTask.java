package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.io.Nifti;
import org.unet4j.layers.io.NiftiImage;

/**
 * A task of the Medical Segmentation Decathlon (Antonelli et al. 2022) as it is distributed: {@code dataset.json}
 * listing the training pairs ({@code "training": [{"image": "./imagesTr/x.nii.gz", "label": "./labelsTr/x.nii.gz"}]})
 * and the unlabelled test images ({@code "test": ["./imagesTs/y.nii.gz"]}), paths relative to the task folder, every
 * file NIfTI-1. Images are {@code [C, D, H, W]} (C the modalities), labels integer classes on the same grid.
 */
public final class MsdTask {
    /** The file that marks a task folder. */
    public static final String DESCRIPTOR = "dataset.json";

    private final Path root;
    private final String name;
    private final List<Case> training;
    private final List<Path> test;

    /** A labelled training case: the image and its label volume. */
    public record Case(Path image, Path label) {
        /** The case's name, the image file's name without {@code .nii} or {@code .nii.gz}. */
        public String name() {
            return image.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
        }
    }

    /** One loaded case: the image {@code [C, D, H, W]} and its binary foreground mask {@code [1, D, H, W]}. */
    public record Volume(String name, Tensor image, Tensor mask) {
    }

    private MsdTask(Path root, String name, List<Case> training, List<Path> test) {
        this.root = root;
        this.name = name;
        this.training = List.copyOf(training);
        this.test = List.copyOf(test);
    }

    /** Whether {@code root} looks like a task folder: {@code dataset.json} beside {@code imagesTr/}. */
    public static boolean isTask(Path root) {
        return Files.isRegularFile(root.resolve(DESCRIPTOR)) && Files.isDirectory(root.resolve("imagesTr"));
    }

    /** Reads {@code root/dataset.json}; fails naming the file and the first entry whose file is missing. */
    public static MsdTask open(Path root) throws IOException {
        Path descriptor = root.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(descriptor)) {
            throw new IOException(root + " is not a Medical Segmentation Decathlon task: it has no " + DESCRIPTOR
                    + " (the layout msd is imagesTr/, labelsTr/, imagesTs/ and dataset.json)");
        }
        Json json;
        try {
            json = new Gson().fromJson(Files.readString(descriptor), Json.class);
        } catch (JsonParseException e) {
            throw new IOException(descriptor + " is not valid JSON: " + e.getMessage(), e);
        }
        if (json == null || json.training == null || json.training.isEmpty()) {
            throw new IOException(descriptor + " lists no training cases (\"training\": [{\"image\", \"label\"}])");
        }
        List<Case> training = new ArrayList<>();
        for (Entry e : json.training) {
            if (e == null || e.image == null || e.label == null) {
                throw new IOException(descriptor + ": every training entry needs an \"image\" and a \"label\"");
            }
            training.add(new Case(existing(root, e.image, descriptor), existing(root, e.label, descriptor)));
        }
        List<Path> test = new ArrayList<>();
        for (String t : json.test == null ? List.<String>of() : json.test) {
            test.add(existing(root, t, descriptor));
        }
        return new MsdTask(root, json.name == null ? root.getFileName().toString() : json.name, training, test);
    }

    private static Path existing(Path root, String relative, Path descriptor) throws IOException {
        Path p = root.resolve(relative).normalize();
        if (!Files.isRegularFile(p)) {
            throw new IOException(descriptor + " lists " + relative + ", but " + p + " does not exist");
        }
        return p;
    }

    /** The task's name from {@code dataset.json} (the folder's name when it has none). */
    public String name() {
        return name;
    }

    /** The task folder. */
    public Path root() {
        return root;
    }

    /** The labelled cases, in {@code dataset.json}'s order. */
    public List<Case> training() {
        return training;
    }

    /** The unlabelled test images. */
    public List<Path> test() {
        return test;
    }

    /**
     * The case's image, each channel z-scored over its voxels (intensities of CT and MR have no common scale), and
     * its foreground mask (label &gt; 0); fails when the label's grid is not the image's.
     */
    public static Volume load(Case c) throws IOException {
        NiftiImage image = Nifti.read(c.image());
        NiftiImage label = Nifti.read(c.label());
        Tensor x = image.data();
        Tensor y = label.data();
        if (y.dim(0) != 1 || y.dim(1) != x.dim(1) || y.dim(2) != x.dim(2) || y.dim(3) != x.dim(3)) {
            throw new IOException(c.label() + " has the grid " + y.shape() + " but its image " + c.image() + " has "
                    + x.shape() + "; a label must be one volume on the image's grid");
        }
        double[] l = y.toDoubleArray();
        float[] mask = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            mask[i] = l[i] > 0 ? 1 : 0;
        }
        return new Volume(c.name(), standardise(x), Tensor.wrap(mask, y.dims()));
    }

    /**
     * {@code x} ({@code [C, D, H, W]}) with each channel z-scored over its voxels, (v - mean) / std (0 where a
     * channel is constant): how {@link #load} brings a case to the network, and {@code unet4j predict} a volume.
     */
    public static Tensor standardise(Tensor x) {
        double[] v = x.toDoubleArray();
        int voxels = v.length / x.dim(0);
        float[] z = new float[v.length];
        for (int ch = 0; ch < x.dim(0); ch++) {
            double sum = 0;
            double sq = 0;
            for (int i = ch * voxels; i < (ch + 1) * voxels; i++) {
                sum += v[i];
                sq += v[i] * v[i];
            }
            double mean = sum / voxels;
            double std = Math.sqrt(Math.max(sq / voxels - mean * mean, 0));
            for (int i = ch * voxels; i < (ch + 1) * voxels; i++) {
                z[i] = (float) (std > 0 ? (v[i] - mean) / std : 0);
            }
        }
        return Tensor.wrap(z, x.dims());
    }

    @Override
    public String toString() {
        return "MsdTask[" + name + ", " + training.size() + " training cases, " + test.size() + " test images]";
    }

    private static final class Json {
        String name;
        List<Entry> training;
        List<String> test;
    }

    private static final class Entry {
        String image;
        String label;
    }
}
