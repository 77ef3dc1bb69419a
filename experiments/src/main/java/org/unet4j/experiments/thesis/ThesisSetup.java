package org.unet4j.experiments.thesis;

import java.util.ArrayList;
import java.util.List;

import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.TableCheck;
import org.unet4j.experiments.softcut.CutVariant;

/**
 * One of the eleven experiments of the SoftCut thesis (Bonfiglio 2022, Section 3, Tables 2-19) as data: its task,
 * encoder, optimizer, the rows of its results table and the claims the thesis makes about them.
 *
 * @param number    1..11
 * @param table     the thesis's results table, e.g. "Table 4"
 * @param task      binary, specific object, multiclass or full resolution
 * @param encoder   the thesis's encoder: "basic CNN", "resnet18" or "resnet34"
 * @param optimizer the thesis's optimizer: "adam" or "adagrad"
 * @param rows      the rows, in the thesis's order
 * @param claims    the thesis's claims about the rows
 */
public record ThesisSetup(int number, String table, Task task, String encoder, String optimizer, List<ThesisRow> rows,
        List<Claim> claims) {
    /** The segmentation tasks of the thesis's datasets. */
    public enum Task {
        /** One class (Weizmann horses, Cityscapes traffic signs). */
        BINARY,
        /** One object marked by a fourth input channel (Cityscapes traffic signs and cars). */
        SPECIFIC_OBJECT,
        /** Classes with a background class and a softmax (Cityscapes traffic signs and cars). */
        MULTICLASS,
        /** Full-resolution images by overlapping tiles (Cityscapes traffic signs, cars, persons). */
        FULL_RESOLUTION
    }

    private static final String SOURCE = "SoftCut thesis (Bonfiglio 2022), ";
    private static final String MIOU = "mIoU";
    private static final String FIGURES = "figures";
    private static final String TIME = "train s";

    /** Copies the lists. */
    public ThesisSetup {
        rows = List.copyOf(rows);
        claims = List.copyOf(claims);
    }

    /** Experiment {@code n}, 1..11. */
    public static ThesisSetup of(int n) {
        String base = ThesisRow.name(CutVariant.BASE);
        String softcut = ThesisRow.name(CutVariant.CG);
        String exact = ThesisRow.name(CutVariant.EXACT);
        String submodular = ThesisRow.name(CutVariant.SUBMODULAR);
        String isotonic = ThesisRow.name(CutVariant.SUBMODULAR_ISOTONIC);
        return switch (n) {
            case 1 -> {
                List<ThesisRow> rows = rows("revealed-bce", CutVariant.BASE, CutVariant.SUBMODULAR,
                        CutVariant.SUBMODULAR_ISOTONIC, CutVariant.EXACT, CutVariant.CG);
                List<Claim> claims = new ArrayList<>();
                for (String cut : List.of(submodular, isotonic, exact, softcut)) {
                    claims.add(claim(cut + " has a higher test mIoU than the base network (\"all the graph cut "
                            + "methods behave better than the base network alone\")", "Table 2",
                            TableCheck.better(cut, base, MIOU)));
                }
                for (String cut : List.of(exact, softcut)) {
                    claims.add(claim(cut + " has a higher test mIoU than Submodular without the isotonic refinement",
                            "Table 2", TableCheck.better(cut, submodular, MIOU)));
                }
                claims.add(claim("SoftCut (approximate) trains faster than the submodular layers and than SoftCut "
                        + "(exact)", "Table 2", TableCheck.best(softcut, TIME, List.of(submodular, isotonic, exact))));
                yield new ThesisSetup(1, "Table 2", Task.BINARY, "basic CNN", "adam", rows, claims);
            }
            case 2, 3 -> {
                String table = n == 2 ? "Table 4" : "Table 5";
                List<ThesisRow> rows = rows("dice", CutVariant.BASE, CutVariant.SUBMODULAR_ISOTONIC, CutVariant.EXACT,
                        CutVariant.CG);
                List<Claim> claims = new ArrayList<>(higherMiou(softcut, rows, table));
                claims.add(claim("Submodular (+ isotonic) returns fewer distinct figures than SoftCut (approximate)",
                        table, TableCheck.better(isotonic, softcut, FIGURES)));
                yield new ThesisSetup(n, table, Task.BINARY, n == 2 ? "resnet18" : "resnet34", "adam", rows, claims);
            }
            case 4 -> {
                List<ThesisRow> rows = rows("dice", CutVariant.BASE, CutVariant.SUBMODULAR_ISOTONIC, CutVariant.CG);
                yield new ThesisSetup(4, "Table 6", Task.BINARY, "resnet18", "adagrad", rows,
                        higherMiou(softcut, rows, "Table 6"));
            }
            case 5, 6 -> {
                String table = n == 5 ? "Table 8" : "Table 9";
                List<ThesisRow> rows = rows("dice", CutVariant.BASE, CutVariant.SUBMODULAR_ISOTONIC, CutVariant.CG);
                yield new ThesisSetup(n, table, Task.SPECIFIC_OBJECT, n == 5 ? "resnet18" : "resnet34", "adam", rows,
                        higherMiou(softcut, rows, table));
            }
            case 7 -> {
                List<ThesisRow> rows = new ArrayList<>();
                rows("dice", CutVariant.BASE, CutVariant.SUBMODULAR_ISOTONIC, CutVariant.EXACT, CutVariant.CG)
                        .forEach(r -> rows.add(r.labelled(r.label() + ", Dice")));
                rows("focal-dice", CutVariant.BASE, CutVariant.SUBMODULAR_ISOTONIC, CutVariant.CG)
                        .forEach(r -> rows.add(r.labelled(r.label() + ", Focal Dice")));
                List<Claim> claims = new ArrayList<>();
                for (String row : List.of(base, softcut)) {
                    claims.add(claim("the Focal Dice loss improves the test mIoU of " + row + " over the Dice loss",
                            "Table 11", TableCheck.better(row + ", Focal Dice", row + ", Dice", MIOU)));
                }
                yield new ThesisSetup(7, "Table 11", Task.BINARY, "resnet18", "adam", rows, claims);
            }
            case 8 -> {
                List<ThesisRow> rows = new ArrayList<>(rows("dice", CutVariant.BASE, CutVariant.SUBMODULAR_ISOTONIC,
                        CutVariant.EXACT, CutVariant.CG));
                rows.add(ThesisRow.of(CutVariant.SUBMODULAR_ISOTONIC, "dice").withMaxFlow());
                rows.add(ThesisRow.of(CutVariant.CG, "dice").withMaxFlow());
                yield new ThesisSetup(8, "Table 13", Task.BINARY, "resnet18", "adam", rows, List.of(
                        claim("the max-flow cut at inference improves the test mIoU of SoftCut (approximate)",
                                "Table 13", TableCheck.better(softcut + " + MaxFlow", softcut, MIOU))));
            }
            case 9 -> {
                ThesisRow dice = ThesisRow.of(CutVariant.CG, "dice");
                List<ThesisRow> rows = List.of(ThesisRow.of(CutVariant.CG, "focal-dice").withMaxFlow(),
                        dice.labelled(softcut + ", Dice (Experiment 2)"),
                        dice.withMaxFlow().labelled(softcut + " + MaxFlow, Dice (Experiment 8)"));
                yield new ThesisSetup(9, "Table 15", Task.BINARY, "resnet18", "adam", rows,
                        higherMiou(softcut + " + MaxFlow", rows, "Table 15 with Tables 4 and 13"));
            }
            case 10, 11 -> {
                String table = n == 10 ? "Table 17" : "Table 19";
                List<ThesisRow> rows = rows(n == 10 ? "summed-dice" : "dice", CutVariant.BASE,
                        CutVariant.SUBMODULAR_ISOTONIC, CutVariant.CG);
                List<Claim> claims = new ArrayList<>(higherMiou(softcut, rows, table));
                if (n == 11) {
                    claims.add(claim("SoftCut (approximate) trains faster than Submodular (+ isotonic)", table,
                            TableCheck.better(softcut, isotonic, TIME)));
                }
                yield new ThesisSetup(n, table, n == 10 ? Task.MULTICLASS : Task.FULL_RESOLUTION, "resnet18", "adam",
                        rows, claims);
            }
            default -> throw new IllegalArgumentException("the thesis has Experiments 1 to 11, not " + n);
        };
    }

    /**
     * The Cityscapes classes of the thesis's dataset for this task: traffic signs (binary), traffic signs and cars
     * (specific object, multiclass), traffic signs, cars and persons (full resolution).
     */
    public List<String> cityscapesClasses() {
        return switch (task) {
            case BINARY -> List.of("traffic sign");
            case SPECIFIC_OBJECT, MULTICLASS -> List.of("traffic sign", "car");
            case FULL_RESOLUTION -> List.of("traffic sign", "car", "person");
        };
    }

    /** The number of input channels the task adds to the image's: 1 for the object channel. */
    public int extraChannels() {
        return task == Task.SPECIFIC_OBJECT ? 1 : 0;
    }

    /** The distinct networks the rows read, by {@link ThesisRow#network()}, in row order. */
    List<ThesisRow> networks() {
        List<ThesisRow> out = new ArrayList<>();
        for (ThesisRow r : rows) {
            if (out.stream().noneMatch(o -> o.network().equals(r.network()))) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<ThesisRow> rows(String loss, CutVariant... variants) {
        return java.util.Arrays.stream(variants).map(v -> ThesisRow.of(v, loss)).toList();
    }

    /**
     * The thesis's "best IoU" claim as data: {@code row} has a strictly higher test mIoU than each other row (a tie,
     * e.g. every network predicting background, supports nothing).
     */
    private static List<Claim> higherMiou(String row, List<ThesisRow> rows, String table) {
        return rows.stream().map(ThesisRow::label).filter(r -> !r.equals(row)).map(r -> claim(row
                + " has a higher test mIoU than " + r, table, TableCheck.better(row, r, MIOU))).toList();
    }

    private static Claim claim(String statement, String table, TableCheck check) {
        return new Claim(statement, SOURCE + table, check);
    }
}
