package io.sparknodes.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A point's samples as one value: the balanced warm samples in seconds and the application of its
 * group each came from, then the samples racing added and their applications, each in the order
 * they were taken. The lists run in parallel, and the value checks them as one: every time finite
 * and non-negative, every application a non-negative index, {@code applications} empty (a single
 * application) or one per warm sample, {@code racingApplications} one per racing sample.
 *
 * @param warmSeconds the balanced samples: those the effects, verdicts and summary use
 * @param applications the application of each warm sample; empty when the group ran as one
 * @param racingSeconds the samples racing took after the balanced ones
 * @param racingApplications the application of each racing sample
 */
public record Samples(List<Double> warmSeconds, List<Integer> applications, List<Double> racingSeconds,
    List<Integer> racingApplications) {
  /** No sample. */
  public static final Samples NONE = new Samples(List.of(), List.of(), List.of(), List.of());

  /**
   * The samples, checked and copied.
   *
   * @throws IllegalArgumentException naming the sample or the list at fault
   */
  public Samples {
    check("samples", warmSeconds, applications, racingSeconds, racingApplications);
    warmSeconds = List.copyOf(warmSeconds);
    applications = List.copyOf(applications);
    racingSeconds = List.copyOf(racingSeconds);
    racingApplications = List.copyOf(racingApplications);
  }

  /**
   * The samples, checked and copied; {@code owner} begins every message, e.g. {@code "trial
   * batch_size=8"}.
   */
  static Samples of(String owner, List<Double> warmSeconds, List<Integer> applications, List<Double> racingSeconds,
      List<Integer> racingApplications) {
    check(owner, warmSeconds, applications, racingSeconds, racingApplications);
    return new Samples(warmSeconds, applications, racingSeconds, racingApplications);
  }

  private static void check(String owner, List<Double> warmSeconds, List<Integer> applications,
      List<Double> racingSeconds, List<Integer> racingApplications) {
    seconds(owner, "warm sample", warmSeconds);
    indexes(owner, "warm sample", applications);
    if (!applications.isEmpty() && applications.size() != warmSeconds.size()) {
      throw new IllegalArgumentException(owner + " has " + warmSeconds.size() + " warm samples but "
          + applications.size() + " application indexes");
    }
    racing(owner, racingSeconds, racingApplications);
  }

  /** The number of distinct applications the warm samples came from (1 when not recorded). */
  public int applicationCount() {
    return applications.isEmpty() ? 1 : (int) applications.stream().distinct().count();
  }

  /** The balanced samples then the racing ones. */
  public List<Double> allSeconds() {
    List<Double> all = new ArrayList<>(warmSeconds);
    all.addAll(racingSeconds);
    return Collections.unmodifiableList(all);
  }

  /**
   * The application of every sample of {@link #allSeconds()}: the balanced samples' (0 when not
   * recorded), then the racing ones'.
   */
  public List<Integer> allApplications() {
    List<Integer> all = new ArrayList<>(applications.isEmpty() ? Collections.nCopies(warmSeconds.size(), 0)
        : applications);
    all.addAll(racingApplications);
    return Collections.unmodifiableList(all);
  }

  /** Times, each checked, as an unmodifiable copy; {@code what} and its index name one in a message. */
  static List<Double> seconds(String owner, String what, List<Double> seconds) {
    Objects.requireNonNull(seconds, "seconds");
    for (int i = 0; i < seconds.size(); i++) {
      Double s = seconds.get(i);
      if (s == null) {
        throw new IllegalArgumentException(owner + ": " + what + " " + i + " is null");
      }
      checkSeconds(owner + ": " + what + " " + i, s);
    }
    return List.copyOf(seconds);
  }

  /**
   * Application indexes, each checked non-negative, as an unmodifiable copy; {@code what} names the
   * samples they belong to.
   */
  static List<Integer> indexes(String owner, String what, List<Integer> applications) {
    Objects.requireNonNull(applications, "applications");
    for (int i = 0; i < applications.size(); i++) {
      Integer a = applications.get(i);
      if (a == null || a < 0) {
        throw new IllegalArgumentException(owner + ": application of " + what + " " + i
            + " must be a non-negative index but was " + a);
      }
    }
    return List.copyOf(applications);
  }

  /** Checks racing samples and their applications, one index per sample. */
  static void racing(String owner, List<Double> seconds, List<Integer> applications) {
    Objects.requireNonNull(seconds, "seconds");
    Objects.requireNonNull(applications, "applications");
    if (seconds.size() != applications.size()) {
      throw new IllegalArgumentException(owner + " has " + seconds.size() + " racing samples but "
          + applications.size() + " racing application indexes");
    }
    seconds(owner, "racing sample", seconds);
    indexes(owner, "racing sample", applications);
  }

  /** {@code seconds}, or an error that names {@code what} when it is negative, infinite or NaN. */
  static double checkSeconds(String what, double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException(what + " must be a finite, non-negative number of seconds but was " + seconds);
    }
    return seconds;
  }
}
