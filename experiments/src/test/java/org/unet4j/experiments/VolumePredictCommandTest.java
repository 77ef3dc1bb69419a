package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.datasets.files.MsdFixtures;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.layers.io.Nifti;
import org.unet4j.layers.io.NiftiDataType;
import org.unet4j.layers.io.NiftiImage;

/**
 * Volumes end to end through the command line: {@code segmentation --dims 3} trains on a generated MSD task (int16
 * volumes, anisotropic spacing 0.8 x 0.8 x 2.5), saves {@code predictor.json}, and {@code predict} segments NIfTI
 * volumes whole into masks whose header is the input's (same grid, spacing, affines), scored against label volumes.
 */
class VolumePredictCommandTest {
    @TempDir
    static Path tmp;
    static Path task;
    static Path run;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @BeforeAll
    static void train() throws Exception {
        task = MsdFixtures.task(tmp.resolve("Task99_Balls"), 5, 16, 20, 18);
        run = tmp.resolve("run");
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cli.execute("run", "segmentation", "--dims", "3", "--data", task.toString(), "--size", "16",
                "--epochs", "1", "--train", "4", "--val", "2", "--filters", "2", "--levels", "2", "--batch", "2",
                "--out", run.toString()));
    }

    @Test
    void aThreeDimensionalRunSavesWhatPredictNeedsAndScoresWholeTestVolumes() throws Exception {
        PredictorConfig config = PredictorConfig.read(run.resolve(PredictorConfig.FILE));
        assertEquals(3, config.recipe().spatialDims());
        assertEquals(16, config.recipe().size());
        assertTrue(config.standardise(), "MSD volumes are standardised per volume, as in training");
        String results = Files.readString(run.resolve("results.md"));
        assertTrue(results.contains("whole held-out volume") && results.contains("sliding 16^3 windows"), results);
    }

    @Test
    void thePredictedMaskCarriesTheInputsHeaderSpacingAndAffine() throws Exception {
        Path volume = task.resolve("imagesTs/case_5.nii.gz");
        Path masks = tmp.resolve("masks-ts");
        assertEquals(0, cli("predict", "--model", run.toString(), "--in", volume.toString(), "--out",
                masks.toString(), "--probabilities"), err.toString());
        NiftiImage input = Nifti.read(volume);
        NiftiImage mask = Nifti.read(masks.resolve("case_5_mask.nii.gz"));
        int[] dims = input.header().dims();
        assertEquals(input.header().derive(dims, NiftiDataType.UINT8), mask.header(),
                "the mask's header is the input's with the datatype uint8");
        assertArrayEquals(input.spacing(), mask.spacing());
        assertArrayEquals(input.affine(), mask.affine());
        assertEquals(input.data().shape(), mask.data().shape());
        for (int label : mask.labels()) {
            assertTrue(label == 0 || label == 1, "a mask voxel " + label);
        }
        NiftiImage probabilities = Nifti.read(masks.resolve("case_5_prob.nii.gz"));
        assertEquals(NiftiDataType.FLOAT32, probabilities.header().dataType());
        assertArrayEquals(input.affine(), probabilities.affine());
    }

    @Test
    void aFolderOfVolumesIsScoredAgainstItsLabelVolumesInSpacingUnits() throws Exception {
        Path scored = tmp.resolve("masks-tr");
        assertEquals(0, cli("predict", "--model", run.toString(), "--in", task.resolve("imagesTr").toString(),
                "--out", scored.toString(), "--masks", task.resolve("labelsTr").toString()), err.toString());
        List<String> csv = Files.readAllLines(scored.resolve("metrics.csv"));
        assertEquals("image,dice,iou,accuracy,hd95", csv.get(0));
        assertEquals(6, csv.size(), String.join("\n", csv));
        String results = Files.readString(scored.resolve("results.md"));
        assertTrue(results.contains("HD95 in the units of the voxel spacing") && results.contains("over 5 volumes"),
                results);
        assertTrue(out.toString().contains("HD95"), out.toString());
    }

    @Test
    void aThreeDimensionalModelGivenImagesNamesWhatItTakes() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("pngs"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage
                .TYPE_BYTE_GRAY), "png", images.resolve("a.png").toFile());
        assertEquals(1, cli("predict", "--model", run.toString(), "--in", images.toString(), "--out",
                tmp.resolve("none").toString()));
        assertTrue(err.toString().contains("no NIfTI volumes (.nii, .nii.gz)"), err.toString());
    }
}
