package org.unet4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTableTest {
    private static String print(RecordTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRowGivesBothTimesAndTheRatioOfUnet4jToTheReference() {
        String text = print(new RecordTable("Engine", "./unet4j bench engine --reference", "PyTorch")
                .row("sgemm", 0.030, new Reference.Answer(0.020, "", null), "70 GFLOP/s"));
        assertTrue(text.startsWith("## Engine\n\n`./unet4j bench engine --reference`\n"), text);
        assertTrue(text.contains("| figure | unet4j | PyTorch | unet4j / PyTorch | notes |"), text);
        assertTrue(text.contains("| sgemm | 30.0 ms | 20.0 ms | 1.50 | 70 GFLOP/s |"), text);
    }

    @Test
    void withoutTheReferenceTheRowHasNoRatioAndNoError() {
        String text = print(new RecordTable("Engine", "./unet4j bench engine", "PyTorch")
                .row("conv", 1.5, Reference.ABSENT.measure(java.util.Map.of("figure", "conv")), ""));
        assertTrue(text.contains("| conv | 1.500 s | - | - |  |"), text);
    }

    @Test
    void aFigureWithoutATwinSaysWhy() {
        String text = print(new RecordTable("Solvers", "./unet4j bench solvers", "SciPy")
                .row("MG-PCG", 0.05, Reference.Answer.none("no multigrid in SciPy"), "5 iterations")
                .line("below the table"));
        assertTrue(text.contains("| MG-PCG | 50.0 ms | - | - | 5 iterations; SciPy: no multigrid in SciPy |"),
                text);
        assertTrue(text.contains("\nbelow the table\n"), text);
    }

    @Test
    void yardsticksAreNamedAsOnTheCommandLine() {
        assertEquals(List.of("engine", "unet", "unet3d", "softcut", "solvers", "maxflow", "zoo", "data"),
                Yardstick.labels());
        assertEquals(Yardstick.MAXFLOW, Yardstick.named("maxflow"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Yardstick.named("gemm"));
        assertEquals("unknown yardstick 'gemm'; choose all or engine, unet, unet3d, softcut, solvers, maxflow, zoo,"
                + " data", e.getMessage());
    }
}
