package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.io.Nifti;
import org.unet4j.layers.io.NiftiDataType;
import org.unet4j.layers.io.NiftiImage;

/** Writes tiny Medical Segmentation Decathlon tasks: int16 images of one ball each, uint8 labels 0, 1, 2. */
public final class MsdFixtures {
    private MsdFixtures() {
    }

    /** {@code cases} labelled cases of [depth, height, width] voxels and one test image under {@code root}. */
    public static Path task(Path root, int cases, int depth, int height, int width) throws IOException {
        Files.createDirectories(root.resolve("imagesTr"));
        Files.createDirectories(root.resolve("labelsTr"));
        Files.createDirectories(root.resolve("imagesTs"));
        SplittableRandom rng = new SplittableRandom(5);
        List<String> entries = new ArrayList<>();
        for (int c = 0; c <= cases; c++) {
            float[] image = new float[depth * height * width];
            float[] label = new float[image.length];
            double cz = depth / 2.0;
            double cy = 3 + rng.nextInt(height - 6);
            double cx = 3 + rng.nextInt(width - 6);
            for (int z = 0; z < depth; z++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int i = (z * height + y) * width + x;
                        double r = Math.sqrt((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx));
                        label[i] = r < 2 ? 2 : r < 3 ? 1 : 0;
                        image[i] = (float) Math.rint(100 + 400 * label[i] + 20 * rng.nextGaussian());
                    }
                }
            }
            String name = "case_" + c + ".nii.gz";
            NiftiImage img = NiftiImage.create(Tensor.wrap(image, 1, depth, height, width), NiftiDataType.INT16,
                    new double[] {0.8, 0.8, 2.5});
            if (c == cases) {
                Nifti.write(root.resolve("imagesTs").resolve(name), img);
                continue;
            }
            Nifti.write(root.resolve("imagesTr").resolve(name), img);
            Nifti.write(root.resolve("labelsTr").resolve(name), img.withData(Tensor.wrap(label, 1, depth, height,
                    width), NiftiDataType.UINT8));
            entries.add("{\"image\": \"./imagesTr/" + name + "\", \"label\": \"./labelsTr/" + name + "\"}");
        }
        Files.writeString(root.resolve("dataset.json"), "{\"name\": \"Balls\", \"modality\": {\"0\": \"CT\"}, "
                + "\"training\": [" + String.join(", ", entries) + "], \"test\": [\"./imagesTs/case_" + cases
                + ".nii.gz\"]}");
        return root;
    }
}
