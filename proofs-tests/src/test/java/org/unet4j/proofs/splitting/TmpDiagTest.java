package org.unet4j.proofs.splitting;

import java.util.*;
import net.jqwik.api.*;
import org.ejml.data.DMatrixRMaj;
import org.unet4j.solvers.splitting.*;

class TmpDiagTest {
  static final Map<String, double[]> stats = new TreeMap<>();
  @Provide Arbitrary<LinearSplittingProblem> p() { return LinearSplittingProblem.arbitrary(2, 4); }
  @Provide Arbitrary<LinearSplittingProblem> g() { return LinearSplittingProblem.arbitrary(3, 5); }
  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void diag(@ForAll("p") LinearSplittingProblem p, @ForAll("g") LinearSplittingProblem g) {
      int[] f = {64, 128, 256, 512, 1024};
      int[] s2 = {8, 16, 32, 64, 128};
      List<SourceTerm> src = new ArrayList<>(); p.sources().forEach(x -> src.add(SourceTerm.constant(x)));
      List<SourceTerm> gsrc = new ArrayList<>(); g.sources().forEach(x -> gsrc.add(SourceTerm.constant(x)));
      List<SubFlow> exact = new ArrayList<>(); List<SubFlow> cn = new ArrayList<>();
      for (int k = 0; k < p.operatorCount(); k++) { exact.add(new ExactLinearFlow(p.operators().get(k), p.sources().get(k))); cn.add(new CrankNicolsonFlow(p.operators().get(k), src.get(k))); }
      int split = (g.operatorCount() + 1) / 2;
      record("lie", 1, ConvergenceOrder.slope(1, f, p.errors(n -> new LieSplitting(exact), f)));
      record("my", 1, ConvergenceOrder.slope(1, f, p.errors(n -> new MarchukYanenkoSplitting(p.operators(), src), f)));
      record("strang", 2, ConvergenceOrder.slope(1, s2, p.errors(n -> new StrangSplitting(exact), s2)));
      record("strangcn", 2, ConvergenceOrder.slope(1, s2, p.errors(n -> new StrangSplitting(cn), s2)));
      record("parallel", 1, ConvergenceOrder.slope(1, f, p.errors(n -> ParallelSplitting.implicit(p.operators(), src), f)));
      List<DMatrixRMaj> a = g.operators();
      record("hybrid", 1, ConvergenceOrder.slope(1, f, g.errors(n -> HybridSplitting.implicit(List.of(a.subList(0, split), a.subList(split, a.size())), List.of(gsrc.subList(0, split), gsrc.subList(split, gsrc.size()))), f)));
  }
  static void record(String k, double order, double v) {
    double[] mm = stats.computeIfAbsent(k, x -> new double[] {1e9, -1e9, 0, 0});
    if (Double.isNaN(v)) { mm[2]++; return; }
    if (Math.abs(v - order) > 0.1) mm[3]++;
    mm[0] = Math.min(mm[0], v); mm[1] = Math.max(mm[1], v);
  }
  @net.jqwik.api.lifecycle.AfterContainer
  static void print() { stats.forEach((k, v) -> System.out.printf("DIAG %-9s min %.4f max %.4f nan %.0f off>0.1 %.0f%n", k, v[0], v[1], v[2], v[3])); }
}
