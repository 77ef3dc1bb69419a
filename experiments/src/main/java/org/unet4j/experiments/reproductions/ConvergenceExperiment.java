package org.unet4j.experiments.reproductions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.output.ResultTable;

/**
 * {@code convergence}: Figure 3 of the Continuous U-Net paper (001) on generated stand-ins. Every block type is
 * trained on each dataset; {@code plots/convergence-<dataset>.png} shows the validation Dice of all blocks against
 * epochs in one plot, and the table gives, per block and dataset, the validation Dice after the first epoch, half
 * way and at the end, and the first epoch reaching 95% of the block's best validation Dice.
 */
public final class ConvergenceExperiment implements Experiment {
    static final ReproductionParams PARAMS = new ReproductionParams(8);
    static final Param<String> DATASETS = ReproductionParams.datasets("cells+lesions");

    private static final double NEAR_BEST = 0.95;

    @Override
    public String name() {
        return "convergence";
    }

    @Override
    public String description() {
        return "Figure 3 of the Continuous U-Net paper: validation Dice against epochs for every block type, one plot"
                + " per generated dataset.";
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS.with(DATASETS);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        List<BlockComparison> comparisons = BlockComparison.train(context, PARAMS,
                ReproductionParams.datasetNames(context, DATASETS));
        int epochs = PARAMS.settings(context).epochs();
        int half = Math.max(1, epochs / 2);
        List<ResultTable.Column> columns = new ArrayList<>();
        for (BlockComparison c : comparisons) {
            String d = c.dataset().name();
            columns.addAll(List.of(ResultTable.Column.higher(d + " Dice@1", 4),
                    ResultTable.Column.higher(d + " Dice@" + half, 4),
                    ResultTable.Column.higher(d + " Dice@" + epochs, 4),
                    ResultTable.Column.lower(d + " epochs to 95%", 0)));
            LearningCurves.validationDice(context.plotsDirectory().resolve("convergence-" + d + ".png"),
                    "Convergence on " + d + ": validation Dice", c.models());
        }
        ResultTable table = new ResultTable("Figure 3", String.format(Locale.ROOT, "Convergence of the U-Net blocks"
                + " and the dynamic blocks (DB): validation Dice after epoch 1, %d and %d, and the first epoch"
                + " reaching %.0f%% of the block's best validation Dice; %d validation images per generated dataset;"
                + " %s.", half, epochs, 100 * NEAR_BEST, context.get(PARAMS.val),
                PARAMS.settings(context).describe()), "Block Type", columns);
        for (int b = 0; b < Architecture.BLOCKS.size(); b++) {
            double[] row = new double[columns.size()];
            for (int d = 0; d < comparisons.size(); d++) {
                double[] dice = comparisons.get(d).models().get(b).validationDice();
                row[4 * d] = dice[0];
                row[4 * d + 1] = dice[half - 1];
                row[4 * d + 2] = dice[dice.length - 1];
                row[4 * d + 3] = epochsToNearBest(dice);
            }
            table.addRow(Architecture.BLOCKS.get(b), row);
        }
        context.writeResults(List.of(table));
    }

    /** The first epoch (1-based) whose validation Dice reaches {@link #NEAR_BEST} of the best. */
    static int epochsToNearBest(double[] dice) {
        double best = 0;
        for (double v : dice) {
            best = Math.max(best, v);
        }
        for (int e = 0; e < dice.length; e++) {
            if (dice[e] >= NEAR_BEST * best) {
                return e + 1;
            }
        }
        return dice.length;
    }
}
