package org.unet4j.experiments.reproductions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.output.PredictionOverlay;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.TableCheck;

/**
 * {@code blocks}: Table 3 of the Continuous U-Net paper (001) on generated stand-ins. U-Nets with PLN, RSE, DSE,
 * INC, PSP and FO blocks and the Continuous U-Net (DB) are trained on each dataset with the same data, settings and
 * seed; the table gives test Dice, accuracy and average Hausdorff distance per block (rows) and dataset (column
 * groups). Two rows beyond the paper's follow DB: DB-time, whose field reads t as the paper's eq. (1) writes it, and
 * DB-signed, whose field ends in tanh instead of ReLU ({@link Architecture#DB_VARIANTS}); Table 3's claim compares
 * DB with the paper's block types only. Also writes each model's {@code metrics.csv}, a validation-Dice plot and
 * prediction overlays per dataset.
 */
public final class BlocksExperiment implements Experiment {
    static final ReproductionParams PARAMS = new ReproductionParams(4);
    static final Param<String> DATASETS = ReproductionParams.datasets("cells+lesions");

    /** Table 3's claim, checked on the table of this run. */
    public static final List<Claim> CLAIMS = List.of(new Claim("the Continuous U-Net (DB) has the highest test Dice"
            + " of all block types on every dataset",
            "Continuous U-Net (Cheng et al., TMLR 2024), Table 3 and Section 5",
            TableCheck.best("DB", ".* Dice",
                    Architecture.BLOCKS.stream().filter(b -> !b.equals("DB")).toList())));

    private static final int OVERLAY_SAMPLES = 4;

    @Override
    public String name() {
        return "blocks";
    }

    @Override
    public String description() {
        return "Table 3 of the Continuous U-Net paper: PLN, RSE, DSE, INC, PSP, FO and DB blocks (and DB with a"
                + " time-dependent or a signed field) compared by test Dice, accuracy and AHD on generated stand-in"
                + " datasets.";
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS.with(DATASETS);
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        List<BlockComparison> comparisons = BlockComparison.train(context, PARAMS,
                ReproductionParams.datasetNames(context, DATASETS), Architecture.DB_VARIANTS);
        int batch = PARAMS.settings(context).batchSize();
        List<ResultTable.Column> columns = new ArrayList<>();
        for (BlockComparison c : comparisons) {
            String d = c.dataset().name();
            columns.addAll(List.of(ResultTable.Column.higher(d + " Dice", 4), ResultTable.Column.higher(d + " Acc", 4),
                    ResultTable.Column.lower(d + " AHD", 2)));
        }
        ResultTable table = new ResultTable("Table 3", String.format(Locale.ROOT, "Comparison in terms of Dice"
                + " score, accuracy and average Hausdorff distance for U-Net blocks and the dynamic blocks (DB, the"
                + " Continuous U-Net; DB-time: its field reads t, DB-signed: its field ends in tanh, not ReLU), on %d"
                + " test images per generated dataset (%dx%d pixels); %s.",
                context.get(PARAMS.test), context.get(PARAMS.size),
                context.get(PARAMS.size), PARAMS.settings(context).describe()),
                "Block Type", columns);
        List<String> rows = new ArrayList<>(Architecture.BLOCKS);
        rows.addAll(Architecture.DB_VARIANTS);
        for (int b = 0; b < rows.size(); b++) {
            double[] row = new double[columns.size()];
            for (int d = 0; d < comparisons.size(); d++) {
                BlockComparison c = comparisons.get(d);
                TrainedModel m = c.models().get(b);
                Map<String, Double> s = m.scores(c.dataset().test().images(), c.dataset().test().masks(), batch);
                row[3 * d] = s.get("dice");
                row[3 * d + 1] = s.get("accuracy");
                row[3 * d + 2] = s.get("ahd");
                context.report(c.dataset().name() + "-" + m.label() + "-dice", s.get("dice"));
            }
            table.addRow(rows.get(b), row);
        }
        for (BlockComparison c : comparisons) {
            String d = c.dataset().name();
            LearningCurves.validationDice(context.plotsDirectory().resolve("validation-dice-" + d + ".png"),
                    "Validation Dice on " + d, c.models());
            for (TrainedModel m : c.models()) {
                PredictionOverlay.write(context.plotsDirectory().resolve("predictions-" + d + "-" + m.label()
                        + ".png"), c.dataset().test().images(), c.dataset().test().masks(),
                        m.predict(c.dataset().test().images(), batch), OVERLAY_SAMPLES);
            }
        }
        context.writeResults(List.of(table.addClaims(CLAIMS)));
    }
}
