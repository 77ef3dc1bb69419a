package org.unet4j.experiments.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG charts of run results, drawn with XChart and written atomically. */
public final class Plots {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * A line chart of one or more series over a shared x axis (e.g. loss and validation Dice against epochs).
     *
     * @param series name to y values, each as long as {@code x}
     */
    public static void lineChart(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        series.forEach((name, y) -> {
            if (y.length != x.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + y.length + " values for "
                        + x.length + " x values");
            }
            chart.addSeries(name, x.clone(), y.clone());
        });
        AtomicFiles.writePng(file, BitmapEncoder.getBufferedImage(chart));
    }

    /** A grouped bar chart of a result table: one group per column, one bar per row. */
    public static void barChart(Path file, ResultTable table) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(table.title())
                .xAxisTitle("metric").yAxisTitle("value").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> headers = table.columns().stream().map(ResultTable.Column::header).toList();
        for (ResultTable.Row row : table.rows()) {
            List<Double> values = new ArrayList<>();
            for (double v : row.values()) {
                values.add(Double.isNaN(v) ? 0 : v);
            }
            chart.addSeries(row.label(), headers, values);
        }
        AtomicFiles.writePng(file, BitmapEncoder.getBufferedImage(chart));
    }
}
