package org.unet4j.experiments;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.Param;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code unet4j describe NAME}: an experiment's description and a table of its parameters. */
@Command(name = "describe", description = "Show an experiment's description and its parameters: name, type,"
        + " default, accepted values and meaning.")
public final class DescribeCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment, as 'list' shows it.")
    private String name;

    @Override
    public void run() {
        Experiment experiment;
        try {
            experiment = Experiments.find(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(experiment.name() + ": " + experiment.description());
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"parameter", "type", "default", "values", "description"});
        for (Param<?> p : experiment.params()) {
            rows.add(new String[] {"--" + p.name(), p.typeName(), p.format(p.defaultValue()), p.domain(),
                p.description()});
        }
        out.print(table(rows));
        out.println();
        out.println("Run options: --seed N, --out DIR (default runs/" + experiment.name() + "-<timestamp>),"
                + " --device cpu|opencl|opencl:N|auto, --threads N, --resume (with --out), --pause-after EPOCH.");
        out.println("Example: ./unet4j run " + experiment.name() + (experiment.params().isEmpty() ? ""
                : " --" + experiment.params().get(0).name() + " "
                        + experiment.params().get(0).format(experiment.params().get(0).defaultValue())));
        out.flush();
    }

    /** Left-aligned columns separated by two spaces, with a rule under the header. */
    static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                line.append(c == widths.length - 1 ? rows.get(r)[c] : String.format("%-" + widths[c] + "s  ",
                        rows.get(r)[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : widths) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
        return out.toString();
    }
}
