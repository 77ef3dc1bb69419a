package org.unet4j.experiments.reproductions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.output.ClaimsInResults;
import org.unet4j.experiments.output.RunConfig;

/**
 * Runs each paper reproduction end to end in a tiny configuration: every promised output parses, the tables hold the
 * numbers the run measured (reported values, learning curves, the same models under noise 0), and every claim the
 * reproduction declares gets a verdict.
 */
class ReproductionsTest {
    private static final Map<String, Object> TINY = Map.of("epochs", 2, "train", 4, "val", 2, "test", 2, "size", 16,
            "batch", 2, "filters", 2, "levels", 2, "steps", 1, "datasets", "cells+lesions");
    private static final List<String> DATASETS = List.of("cells", "lesions");

    @Test
    void anArchitecturePrintsItsFiltersAndOdeSteps() {
        assertEquals("Architecture[filters 3-6-12-24, 1 ODE step]", Architecture.doubling(4, 3, 1).toString());
        assertEquals("Architecture[filters 2-4, 4 ODE steps]", new Architecture(new int[] {2, 4}, 4).toString());
    }

    @Test
    void theReproductionsAreRegistered() {
        for (String name : List.of("blocks", "noise", "solvers", "convergence", "memory", "architectures")) {
            assertEquals(name, Experiments.find(name).name());
        }
    }

    @Test
    void table4AtNoiseZeroIsTable3sDiceOfTheSameModels(@TempDir Path tmp) throws IOException {
        Path blocks = tmp.resolve("b");
        RunRecord table3 = record(new BlocksExperiment(), TINY, blocks);
        String header3 = "| Block Type | cells Dice ↑ | cells Acc ↑ | cells AHD ↓ | lesions Dice ↑";
        List<String> rows = tableRows(blocks, header3);
        List<String> table3Rows = List.of("PLN", "RSE", "DSE", "INC", "PSP", "FO", "DB", "DB-time", "DB-signed");
        assertEquals(table3Rows, rows.stream().map(ReproductionsTest::label).toList());
        checkTrainingOutputs(blocks, table3Rows);
        for (String d : DATASETS) {
            checkPng(blocks.resolve("plots/validation-dice-" + d + ".png"));
            checkPng(blocks.resolve("plots/predictions-" + d + "-DB.png"));
        }
        ClaimsInResults.verdicts(blocks, BlocksExperiment.CLAIMS);

        Path noise = tmp.resolve("n");
        RunRecord table4 = record(new NoiseExperiment(), TINY, noise);
        String header4 = "| Block Type | cells 0.0 ↑ | cells 0.2 ↑ | cells 0.4 ↑ | cells 0.5 ↑ |";
        assertEquals(Architecture.BLOCKS, tableRows(noise, header4).stream().map(ReproductionsTest::label).toList());
        DATASETS.forEach(d -> checkPng(noise.resolve("plots/noise-" + d + ".png")));
        ClaimsInResults.verdicts(noise, NoiseExperiment.CLAIMS);
        for (String d : DATASETS) {
            Map<String, String> dice = column(blocks, header3, d + " Dice ↑");
            Map<String, String> paperBlocks = new LinkedHashMap<>(dice);
            paperBlocks.keySet().retainAll(Architecture.BLOCKS);
            assertEquals(paperBlocks, column(noise, header4, d + " 0.0 ↑"), d);
            for (String block : table3Rows) {
                assertEquals(dice.get(block), fixed(table3.results().get(d + "-" + block + "-dice")), block);
            }
            for (String block : Architecture.BLOCKS) {
                assertEquals(dice.get(block), fixed(table4.results().get(d + "-" + block + "-0.0")), block);
            }
        }
    }

    @Test
    void architecturesWritesTables6And9WithCostColumns(@TempDir Path tmp) throws IOException {
        Map<String, Object> params = new java.util.HashMap<>(TINY);
        params.put("size", 32);
        params.put("epochs", 1);
        Path dir = run(new ArchitecturesExperiment(), params, tmp);
        List<String> rows = tableRows(dir, "| Technique — Mechanism | cells Dice ↑ | cells Acc ↑ | cells AHD ↓ | "
                + "lesions Dice ↑");
        assertEquals(List.of("Attn. U-Net — Attn. Gates", "DynU-Net — Heuristic-R + Opt", "U2Net — Nested U-Nets",
                "UNeXt — Tokenised MLP", "TransUnet — Transformers", "Continuous U-Net (ours) — ✗"),
                rows.stream().map(ReproductionsTest::label).toList());
        rows.forEach(r -> assertEquals(1 + 3 * DATASETS.size() + 6, cells(r).size(), r));
        assertTrue(Files.readString(dir.resolve("results.md")).contains("| Technique — Mechanism | "
                + "cells Dice ↑ | cells Acc ↑ | cells AHD ↓ | lesions Dice ↑ | lesions Acc ↑ | lesions AHD ↓ | Params ↓ | "
                + "GFLOPs ↓ | ms/image ↓ | ms/step ↓ | peak MiB ↓ | train s ↓ |"));
        for (String row : rows) {
            for (int cost = 1; cost <= 5; cost++) {
                assertTrue(Double.parseDouble(cells(row).get(cost + 3 * DATASETS.size()).replace("**", "")) > 0,
                        row);
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve("results.md"));
        int costTable = lines.indexOf("| Model, input | GMACs ↓ | GFLOPs ↓ | paper's GFLOPs ↓ |");
        assertTrue(costTable >= 0, String.join("\n", lines));
        List<String> costRows = lines.subList(costTable + 2, lines.size()).stream().takeWhile(l -> l.startsWith("| "))
                .toList();
        assertEquals(List.of(ArchitecturesExperiment.OURS_AT_256, ArchitecturesExperiment.OURS_AT_ISIC,
                ArchitecturesExperiment.UNEXT_AT_256, ArchitecturesExperiment.TRANSUNET_AT_256),
                costRows.stream().map(ReproductionsTest::label).toList());
        ClaimsInResults.verdicts(dir, ArchitecturesExperiment.CLAIMS);
    }

    @Test
    void convergenceWritesFigure3(@TempDir Path tmp) throws IOException {
        Path dir = run(new ConvergenceExperiment(), TINY, tmp);
        String header = "| Block Type | cells Dice@1 ↑ | cells Dice@1 ↑ | cells Dice@2 ↑ |";
        List<String> rows = tableRows(dir, header);
        assertEquals(Architecture.BLOCKS, rows.stream().map(ReproductionsTest::label).toList());
        checkTrainingOutputs(dir, Architecture.BLOCKS);
        DATASETS.forEach(d -> checkPng(dir.resolve("plots/convergence-" + d + ".png")));
        ClaimsInResults.verdicts(dir, ConvergenceExperiment.claims(2));
        for (String d : DATASETS) {
            Map<String, String> last = column(dir, header, d + " Dice@2 ↑");
            Map<String, String> toNearBest = column(dir, header, d + " epochs to 95% ↓");
            for (String block : Architecture.BLOCKS) {
                double[] curve = validationDice(dir.resolve(d).resolve(block).resolve("metrics.csv"));
                assertEquals(fixed(curve[1]), last.get(block), d + "/" + block);
                String expected = curve[0] >= 0.95 * Math.max(curve[0], curve[1]) ? "1" : "2";
                assertEquals(expected, toNearBest.get(block), d + "/" + block);
            }
        }
    }

    @Test
    void solversWritesTable5(@TempDir Path tmp) throws IOException {
        RunRecord record = record(new SolversExperiment(), TINY, tmp.resolve("solvers"));
        Path dir = record.directory();
        List<String> solvers = List.of("Euler", "AB", "ABM", "RK4", "Dopri5");
        String header = "| Solver Type | cells Dice ↑ | cells Acc ↑ | cells AHD ↓ |";
        List<String> rows = tableRows(dir, header);
        assertEquals(solvers, rows.stream().map(ReproductionsTest::label).toList());
        checkTrainingOutputs(dir, solvers);
        DATASETS.forEach(d -> checkPng(dir.resolve("plots/validation-dice-" + d + ".png")));
        ClaimsInResults.verdicts(dir, SolversExperiment.CLAIMS);
        for (String d : DATASETS) {
            Map<String, String> dice = column(dir, header, d + " Dice ↑");
            solvers.forEach(s -> assertEquals(fixed(record.results().get(d + "-" + s + "-dice")), dice.get(s), s));
        }
    }

    @Test
    void memoryShowsTheAdjointFlatAndBackpropGrowing(@TempDir Path tmp) throws IOException {
        Path dir = run(new MemoryExperiment(), Map.of("max-steps", 8, "size", 16, "batch", 1, "filters", 2,
                "levels", 2), tmp);
        List<String> rows = tableRows(dir, "| Steps | backprop MiB ↓ | adjoint MiB ↓ | checkpointed MiB ↓ |");
        assertEquals(List.of("1", "2", "4", "8"), rows.stream().map(ReproductionsTest::label).toList());
        List<String> csv = Files.readAllLines(dir.resolve(MemoryExperiment.CSV_FILE));
        assertEquals(1 + 4 * 3, csv.size(), csv.toString());
        double backprop1 = bytes(csv, "1,backprop");
        double backprop8 = bytes(csv, "8,backprop");
        double adjoint8 = bytes(csv, "8,adjoint");
        assertTrue(backprop8 > 4 * backprop1, csv.toString());
        assertTrue(adjoint8 <= 1.2 * bytes(csv, "1,adjoint"), csv.toString());
        assertTrue(adjoint8 < backprop8, csv.toString());
        checkPng(dir.resolve("plots/memory.png"));
        assertEquals(Map.of(MemoryExperiment.CLAIMS.get(0).statement(), "supported",
                MemoryExperiment.CLAIMS.get(1).statement(), "supported"),
                ClaimsInResults.verdicts(dir, MemoryExperiment.CLAIMS));
    }

    private static Path run(Experiment experiment, Map<String, Object> params, Path tmp) throws IOException {
        return record(experiment, params, tmp.resolve(experiment.name())).directory();
    }

    private static RunRecord record(Experiment experiment, Map<String, Object> params, Path dir) throws IOException {
        RunRecord record = Experiments.run(experiment, params, RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        assertEquals(dir, record.directory());
        Map<String, Object> config = RunConfig.parseObject(Files.readString(dir.resolve("config.json")));
        assertEquals(experiment.name(), config.get("experiment"));
        assertEquals(experiment.params().size(), ((Map<?, ?>) config.get("parameters")).size());
        assertTrue(Files.readString(dir.resolve("run.log")).contains("done: outputs in"));
        checkPng(dir.resolve("plots/table-1.png"));
        record.results().values().forEach(v -> assertTrue(Double.isFinite(v), record.results().toString()));
        return record;
    }

    /** The values of column {@code name} of the table headed {@code header}, by row label, bold removed. */
    private static Map<String, String> column(Path dir, String header, String name) throws IOException {
        String headerLine = Files.readAllLines(dir.resolve("results.md")).stream().filter(l -> l.startsWith(header))
                .findFirst().orElseThrow();
        int c = cells(headerLine).indexOf(name);
        assertTrue(c > 0, "no column '" + name + "' in " + headerLine);
        Map<String, String> values = new LinkedHashMap<>();
        for (String row : tableRows(dir, header)) {
            values.put(label(row), cells(row).get(c).replace("**", ""));
        }
        return values;
    }

    /** A value as the reproduction tables print Dice: 4 decimals. */
    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** The {@code val_dice} column of a {@code metrics.csv}. */
    private static double[] validationDice(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int c = List.of(lines.get(0).split(",")).indexOf("val_dice");
        assertTrue(c >= 0, lines.get(0));
        return lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
    }

    /** The rows of the results.md table whose header starts with {@code header}; every value parses. */
    private static List<String> tableRows(Path dir, String header) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("results.md"));
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith(header)) {
            at++;
        }
        assertTrue(at < lines.size(), "no table headed '" + header + "' in " + lines);
        List<String> rows = lines.subList(at + 2, lines.size()).stream().takeWhile(l -> l.startsWith("| ")).toList();
        for (String row : rows) {
            for (String value : cells(row).subList(1, cells(row).size())) {
                Double.parseDouble(value.replace("**", ""));
            }
        }
        return rows;
    }

    private static void checkTrainingOutputs(Path dir, List<String> labels) throws IOException {
        for (String d : DATASETS) {
            for (String label : labels) {
                List<String> csv = Files.readAllLines(dir.resolve(d).resolve(label).resolve("metrics.csv"));
                assertEquals(3, csv.size(), d + "/" + label + ": " + csv);
                for (String line : csv.subList(1, csv.size())) {
                    assertEquals(csv.get(0).split(",").length, line.split(",", -1).length, line);
                }
            }
        }
    }

    private static List<String> cells(String row) {
        return List.of(row.substring(2, row.length() - 2).split(" \\| "));
    }

    private static String label(String row) {
        return cells(row).get(0);
    }

    private static double bytes(List<String> csv, String prefix) {
        return csv.stream().filter(l -> l.startsWith(prefix + ","))
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2])).findFirst().orElseThrow();
    }

    private static void checkPng(Path png) {
        try {
            assertNotNull(ImageIO.read(png.toFile()), png.toString());
        } catch (IOException e) {
            throw new AssertionError(png + " is not readable: " + e.getMessage(), e);
        }
    }
}
