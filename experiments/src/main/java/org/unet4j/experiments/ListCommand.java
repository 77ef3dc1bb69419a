package org.unet4j.experiments;

import java.io.PrintWriter;
import java.util.List;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code unet4j list}: every experiment known by name, with its description. */
@Command(name = "list", description = "List the experiments that 'run' knows, with what each measures.")
public final class ListCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<Experiment> experiments = Experiments.list();
        int width = experiments.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (Experiment e : experiments) {
            out.printf("%-" + width + "s  %s%n", e.name(), e.description());
        }
        out.println();
        out.println("'./unet4j describe NAME' shows an experiment's parameters; './unet4j run NAME --param value ...'"
                + " runs it.");
        out.flush();
    }
}
