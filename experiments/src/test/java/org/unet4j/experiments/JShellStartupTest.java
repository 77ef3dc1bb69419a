package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import org.junit.jupiter.api.Test;

class JShellStartupTest {
    private static final List<String> CLASS_PATH =
            List.of(System.getProperty("java.class.path").split(File.pathSeparator));

    private static String script() {
        return JShellStartup.script(CLASS_PATH.stream().map(Path::of).toList());
    }

    @Test
    void importsEveryFrameworkPackage() {
        String script = script();
        for (String pkg : List.of("org.unet4j.autodiff", "org.unet4j.layers", "org.unet4j.experiments.datasets")) {
            assertTrue(script.contains("import " + pkg + ".*;"), script);
        }
    }

    @Test
    void frameworkNamesWinOverJShellDefaultImports() {
        assertTrue(script().contains("import org.unet4j.layers.Module;"), "Module would clash with java.lang.Module");
    }

    /** The script and every example line compile and run in a jshell set up as the launcher sets it up. */
    @Test
    void theScriptAndItsExamplesRun() {
        var printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8)); // local execution prints here
        try (JShell shell = JShell.builder()
                .executionEngine("local")
                .compilerOptions("--add-modules", "jdk.incubator.vector")
                .build()) {
            CLASS_PATH.forEach(shell::addToClasspath);
            String jshellDefaults = JShellStartup.JSHELL_IMPORTED_PACKAGES.stream()
                    .map(pkg -> "import " + pkg + ".*;\n")
                    .collect(Collectors.joining());
            evaluate(shell, jshellDefaults + script());
            JShellStartup.EXAMPLES.forEach(example -> evaluate(shell, example));
        } finally {
            System.setOut(console);
        }
        String greeting = printed.toString(StandardCharsets.UTF_8);
        assertTrue(greeting.contains("every org.unet4j package is imported. Try:"), greeting);
        JShellStartup.EXAMPLES.forEach(example -> assertTrue(greeting.contains("  " + example), greeting));
    }

    private static void evaluate(JShell shell, String source) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                fail("incomplete jshell input: " + remaining);
            }
            for (SnippetEvent event : shell.eval(info.source())) {
                if (event.status() == Snippet.Status.REJECTED) {
                    fail("jshell rejected '" + info.source().strip() + "': " + shell.diagnostics(event.snippet())
                            .map(d -> d.getMessage(null))
                            .collect(Collectors.joining("; ")));
                }
                if (event.exception() != null) {
                    fail("'" + info.source().strip() + "' threw " + event.exception());
                }
            }
            remaining = info.remaining();
        }
    }

    @Test
    void classPathEntriesThatDoNotExistAreSkipped() {
        String script = JShellStartup.script(Stream.of("/no/such/dir", "/no/such.jar").map(Path::of).toList());
        assertTrue(script.contains("every org.unet4j package is imported"), script);
    }
}
