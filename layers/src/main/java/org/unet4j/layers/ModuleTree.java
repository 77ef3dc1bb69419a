package org.unet4j.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a module as a tree, one layer per line with its configuration, and each subtree's parameter count in a
 * right-aligned column:
 *
 * <pre>
 * Sequential                                                1,809 parameters
 * ├─ 0: Sequential                                             96
 * │  ├─ 0: Conv2d(1 -> 8, kernel 3x3, padding same)            80
 * │  ├─ 1: BatchNorm2d(8)                                      16
 * │  ├─ 2: ReLU
 * │  └─ 3: MaxPool2d(kernel 2x2)
 * ├─ 1: Sequential                                          1,184
 * │  ├─ 0: Conv2d(8 -> 16, kernel 3x3, padding 1, no bias)  1,152
 * │  ├─ 1: GroupNorm(4 groups, 16 channels)                    32
 * │  └─ 2: LeakyReLU(slope 0.2)
 * ├─ 2: ConvTranspose2d(16 -> 8, kernel 2x2, stride 2)        520
 * └─ 3: Conv2d(8 -> 1, kernel 1x1)                              9
 * </pre>
 */
final class ModuleTree {
    private static final String BRANCH = "├─ ";
    private static final String LAST = "└─ ";
    private static final String PIPE = "│  ";
    private static final String SPACE = "   ";

    private ModuleTree() {
    }

    private record Line(String text, long parameters) {
    }

    static String format(Module root) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(root.label(), -1));
        addChildren(root, "", lines);
        int width = 0;
        for (Line line : lines) {
            width = Math.max(width, line.text.length());
        }
        String total = count(root.parameterCount()) + " parameters";
        StringBuilder s = new StringBuilder();
        s.append(pad(root.label(), width)).append("  ").append(total);
        int column = width + 2 + count(root.parameterCount()).length();
        for (Line line : lines.subList(1, lines.size())) {
            s.append('\n');
            if (line.parameters > 0) {
                String n = count(line.parameters);
                s.append(pad(line.text, column - n.length())).append(n);
            } else {
                s.append(line.text);
            }
        }
        return s.toString();
    }

    private static void addChildren(Module parent, String indent, List<Line> lines) {
        List<Map.Entry<String, Module>> entries = new ArrayList<>(parent.namedChildren().entrySet());
        for (int i = 0; i < entries.size(); i++) {
            boolean last = i == entries.size() - 1;
            Module child = entries.get(i).getValue();
            lines.add(new Line(indent + (last ? LAST : BRANCH) + entries.get(i).getKey() + ": " + child.label(),
                    child.parameterCount()));
            addChildren(child, indent + (last ? SPACE : PIPE), lines);
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
