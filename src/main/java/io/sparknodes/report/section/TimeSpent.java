package io.sparknodes.report.section;

import io.sparknodes.results.ApplicationTime;
import io.sparknodes.results.Results;
import io.sparknodes.results.Trial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Where the sweep's wall time went, a part of the measurement quality: by the applications'
 * recorded phases when results.json has them, else by the trials' own times.
 */
final class TimeSpent {
  private TimeSpent() {}

  /** The sweep's wall time in seconds: first start to last result, or to the last application's end when later. */
  static double wallSeconds(Results results) {
    double wall = Duration.between(results.startedAt(), results.updatedAt()).toMillis() / 1000.0;
    return Math.max(wall, results.applications().stream().mapToDouble(ApplicationTime::wallSeconds).sum());
  }

  static void render(DocumentWriter out, Results results) {
    double wall = Duration.between(results.startedAt(), results.updatedAt()).toMillis() / 1000.0;
    if (!results.applications().isEmpty()) {
      applications(out, results.applications(), wall);
      return;
    }
    double cold = 0;
    double warmup = 0;
    double samples = 0;
    double racing = 0;
    for (Trial t : results.trials()) {
      racing += t.racingWallSeconds().orElse(0);
      cold += t.coldSeconds().orElse(0);
      warmup += t.warmupSeconds().orElse(0);
      samples += t.warmSeconds().stream().mapToDouble(Double::doubleValue).sum() * t.loops();
    }
    if (wall <= 0) {
      return;
    }
    double other = Math.max(0, wall - cold - warmup - samples - racing);
    out.tableHeader(List.of("Where the time went", "Seconds", "Share"), 1);
    row(out, "First applications' starts and first jobs (cold runs)", cold, wall);
    row(out, "Warm-up and loop calibration", warmup, wall);
    row(out, "Measured balanced samples (all loops)", samples, wall);
    row(out, "Racing applications (starts, warm-up, samples)", racing, wall);
    row(out, "Other: later applications' starts, JVM starts and exits, output checks, memory probes, teardown", other,
        wall);
    out.tableRow(List.of("Sweep wall time (first start to last result)", Fmt.fixed(wall, 1), "100.0%"));
    out.blank();
  }

  /**
   * By the applications' recorded phases (results.json's applications): each part summed over the
   * balanced applications, racing ones in one row, and what the sweep did between applications;
   * then each group's mean application.
   */
  private static void applications(DocumentWriter out, List<ApplicationTime> apps, double wall) {
    List<ApplicationTime> balanced = apps.stream().filter(a -> !a.racing()).toList();
    List<ApplicationTime> racing = apps.stream().filter(ApplicationTime::racing).toList();
    double inApps = apps.stream().mapToDouble(ApplicationTime::wallSeconds).sum();
    double between = Math.max(0, wall - inApps);
    double total = Math.max(wall, inApps);
    if (total <= 0) {
      return;
    }
    design(out, balanced);
    out.tableHeader(List.of("Where the time went", "Seconds", "Share"), 1);
    row(out, "Application starts (" + balanced.size() + " balanced application" + (balanced.size() == 1 ? "" : "s")
        + ": JVM launch, input, Spark's start)", sum(balanced, ApplicationTime::startSeconds), total);
    row(out, "Cold runs (each application's first map)", sum(balanced, ApplicationTime::coldSeconds), total);
    row(out, "Warm-up and loop calibration", sum(balanced, ApplicationTime::warmupSeconds), total);
    row(out, "Measured balanced samples (all loops, with their output checks)",
        sum(balanced, ApplicationTime::measureSeconds), total);
    row(out, "Memory probes (one map per point, collections forced)", sum(balanced, ApplicationTime::probeSeconds),
        total);
    row(out, "Application ends (results sent, Spark stopped, JVMs gone)", sum(balanced, ApplicationTime::endSeconds),
        total);
    row(out, "Racing applications (" + racing.size() + "; starts, warm-up, samples, ends)",
        sum(racing, ApplicationTime::wallSeconds), total);
    row(out, "Between applications (the sweep's own work: recording results, choosing what runs next)", between, total);
    out.tableRow(List.of("Sweep wall time (first start to last application's end)", Fmt.fixed(total, 1), "100.0%"));
    out.blank();
    Map<String, List<ApplicationTime>> byGroup = new LinkedHashMap<>();
    balanced.forEach(a -> byGroup.computeIfAbsent(a.group(), k -> new ArrayList<>()).add(a));
    out.tableHeader(List.of("Group (balanced applications)", "Applications", "Start (s)", "Warm-up (s)", "Samples (s)",
        "Wall (s)"), 1);
    byGroup.forEach((group, list) -> out.tableRow(List.of(out.code(group), Integer.toString(list.size()),
        Fmt.fixed(mean(list, ApplicationTime::startSeconds), 1), Fmt.fixed(mean(list, ApplicationTime::warmupSeconds), 1),
        Fmt.fixed(mean(list, ApplicationTime::measureSeconds), 1), Fmt.fixed(mean(list, ApplicationTime::wallSeconds), 1))));
    out.blank();
    out.paragraph("Seconds per application, by the sweep's clock from its JVM's launch to its exit, cut at the first"
        + " run of each phase; a group's figures are the mean over its balanced applications.");
  }

  /**
   * Under the shared design (applications that shared a JVM), which design ran, how many JVMs and
   * applications, and what that means for the times and the verdicts; nothing under the isolated one.
   */
  private static void design(DocumentWriter out, List<ApplicationTime> balanced) {
    if (balanced.stream().noneMatch(ApplicationTime::sharedJvm)) {
      return;
    }
    Map<String, List<ApplicationTime>> byJvm = new LinkedHashMap<>();
    balanced.forEach(a -> byJvm.computeIfAbsent(a.jvmKey(), k -> new ArrayList<>()).add(a));
    Map<String, Integer> jvmsPerGroup = new LinkedHashMap<>();
    balanced.forEach(a -> jvmsPerGroup.merge(a.group(), 1, Integer::sum));
    long single = jvmsPerGroup.values().stream().filter(n -> n < 2).count();
    boolean processes = balanced.stream().anyMatch(a -> a.sharedJvm() && a.group().contains("use_process=true"));
    boolean threads = balanced.stream().anyMatch(a -> a.sharedJvm() && !a.group().contains("use_process=true"));
    out.paragraph("Design: shared. " + byJvm.size() + " JVMs ran " + balanced.size() + " balanced applications: each"
        + " JVM ran the groups of one use_process value one after another"
        + (threads ? ", threads each in a SparkContext of its own, their order reversed (or rotated) from pass to pass"
            : "")
        + (processes ? "; groups of executor JVMs that differ only in their number in one application that sheds"
            + " executors from group to group, largest first, so that the survivors stay warm (where the master lets"
            + " an application kill executors: local-cluster, standalone)" : "")
        + ". A later group's start is its SparkContext's start (or the shedding) only, and the groups of a JVM share"
        + " one warm-up budget: the JVM warms once"
        + (threads ? ", on every one of its groups of threads in turn (each in a SparkContext of its own) before the"
            + " first is measured, so that no group is measured in a JVM that has not yet run the others' code (the"
            + " first group's warm-up column holds it); the first group warms last, in the SparkContext it is then"
            + " measured in, and has no cold run in that JVM" : "")
        + ". After the first pass, a further JVM runs only where it pays: the"
        + " use_process value of the best point whole, the others' groups only where they hold a point tied with the"
        + " best or the fastest point of a value of a knob whose verdict is still UNRESOLVED. The JVM is the whole"
        + " plot of the model: comparisons inside one JVM's groups (max_concurrency, batch_size) are judged against"
        + " what varies inside the JVMs, comparisons across JVMs (use_process) also against the variance between JVMs"
        + (single == 0 ? "." : "; " + single + " group(s) measured in one JVM only borrow that variance from the others."));
  }

  private static void row(DocumentWriter out, String what, double seconds, double total) {
    out.tableRow(List.of(what, Fmt.fixed(seconds, 1), Fmt.percent(seconds / total)));
  }

  private static double sum(List<ApplicationTime> apps, ToDoubleFunction<ApplicationTime> part) {
    return apps.stream().mapToDouble(part).sum();
  }

  private static double mean(List<ApplicationTime> apps, ToDoubleFunction<ApplicationTime> part) {
    return apps.stream().mapToDouble(part).average().orElse(0);
  }
}
