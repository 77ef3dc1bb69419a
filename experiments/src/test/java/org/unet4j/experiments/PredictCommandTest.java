package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.datasets.files.DatasetFixtures;
import org.unet4j.experiments.predict.PredictorConfig;

/**
 * The researcher's path end to end through the command line: train 2 epochs of {@code segmentation} on a generated
 * Kvasir-layout folder with 0/1 masks, then {@code predict} on a folder and on one large image (sliding windows),
 * scoring against the masks.
 */
class PredictCommandTest {
    private static final int SIZE = 32;

    @TempDir
    static Path tmp;
    static Path data;
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
        data = DatasetFixtures.kvasir(tmp.resolve("Kvasir-SEG"), 60, SIZE, true);
        run = tmp.resolve("run");
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int status = cli.execute("run", "segmentation", "--data", data.toString(), "--layout", "kvasir-seg",
                "--fit", "crop", "--size", String.valueOf(SIZE), "--epochs", "2", "--batch", "2", "--lr", "0.01",
                "--filters", "4", "--levels", "3", "--out", run.toString());
        assertEquals(0, status);
    }

    private static double meanDice(Path metricsCsv) throws Exception {
        List<String> lines = Files.readAllLines(metricsCsv);
        return lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1]))
                .average().orElseThrow();
    }

    @Test
    void predictOnAFolderWritesMasksAtEachInputsSizeAndScoresThem() throws Exception {
        Path masks = tmp.resolve("masks-folder");
        assertEquals(0, cli("predict", "--model", run.toString(), "--in", data.resolve("images").toString(),
                "--out", masks.toString(), "--probabilities", "--masks", data.resolve("masks").toString()), err
                .toString());
        BufferedImage mask = ImageIO.read(masks.resolve("s3_mask.png").toFile());
        assertEquals(SIZE, mask.getWidth());
        assertEquals(SIZE, mask.getHeight());
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v = mask.getRaster().getSample(x, y, 0);
                assertTrue(v == 0 || v == 255, "mask value " + v);
            }
        }
        BufferedImage probabilities = ImageIO.read(masks.resolve("s3_prob.png").toFile());
        assertEquals(16, probabilities.getColorModel().getComponentSize(0));
        assertTrue(Files.isRegularFile(masks.resolve("s3_overlay.png")));
        assertTrue(Files.readString(masks.resolve("results.md")).contains("| Images | Dice ↑ | sd ↓ |"));
        double dice = meanDice(masks.resolve("metrics.csv"));
        assertTrue(dice > 0.5, "mean Dice " + dice + " after 2 epochs on the fixed seed");
    }

    @Test
    void aLargeImageIsSegmentedThroughOverlappingWindowsAtItsOwnSize() throws Exception {
        int w = 100;
        int h = 75;
        Path large = tmp.resolve("large");
        DatasetFixtures.write(DatasetFixtures.image(w, h, 40, 55, 8, 99), "png", large.resolve("images/big.png"));
        DatasetFixtures.write(DatasetFixtures.mask(w, h, 40, 55, 8, 0, 1), "png", large.resolve("masks/big.png"));
        Path result = tmp.resolve("masks-large");
        assertEquals(0, cli("predict", "--model", run.resolve("checkpoints/best.ckpt").toString(), "--in",
                large.resolve("images/big.png").toString(), "--out", result.toString(), "--tta", "--overlap", "0.5",
                "--blend", "linear", "--masks", large.resolve("masks").toString()), err.toString());
        BufferedImage mask = ImageIO.read(result.resolve("big_mask.png").toFile());
        assertEquals(w, mask.getWidth());
        assertEquals(h, mask.getHeight());
        double dice = meanDice(result.resolve("metrics.csv"));
        assertTrue(dice > 0.5, "Dice " + dice + " on the large image");
    }

    @Test
    void aCheckpointWithoutPredictionSettingsGetsANamedError() throws Exception {
        Path old = tmp.resolve("old-run");
        Files.createDirectories(old.resolve("checkpoints"));
        Files.copy(run.resolve("checkpoints/best.ckpt"), old.resolve("checkpoints/best.ckpt"));
        assertEquals(1, cli("predict", "--model", old.toString(), "--in", data.resolve("images/s0.jpg").toString(),
                "--out", tmp.resolve("never").toString()));
        assertTrue(err.toString().contains(PredictorConfig.FILE) && err.toString().contains("train it again"),
                err.toString());
        assertTrue(Files.notExists(tmp.resolve("never")));
    }
}
