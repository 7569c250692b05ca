package io.sparknodes.tuning;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A user's jars (their workload and its dependencies) on every class path a sweep has: the sweep's
 * own (a class loader over them), each group's JVM, the executors of process mode (local-cluster
 * executors get the group JVM's class path) and, on an external master, {@code spark.jars}.
 */
public final class UserJars {
  private UserJars() {}

  /**
   * Checks that every jar exists and is a jar file or a class folder.
   *
   * @throws IllegalArgumentException naming the first one that is not
   */
  public static List<Path> check(List<Path> jars) {
    for (Path j : jars) {
      if (!Files.exists(j)) {
        throw new IllegalArgumentException("--jars: " + j + " does not exist");
      }
      if (!Files.isDirectory(j) && !Files.isReadable(j)) {
        throw new IllegalArgumentException("--jars: " + j + " cannot be read");
      }
      if (!Files.isDirectory(j) && !j.getFileName().toString().endsWith(".jar")) {
        throw new IllegalArgumentException("--jars: " + j + " is neither a .jar file nor a class folder");
      }
    }
    return jars.stream().map(j -> j.toAbsolutePath().normalize()).toList();
  }

  /** A class loader over {@code jars} (checked first), then {@code parent}. */
  public static ClassLoader classLoader(List<Path> jars, ClassLoader parent) {
    if (jars.isEmpty()) {
      return parent;
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = check(List.of(jars.get(i))).get(0).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--jars: " + jars.get(i) + " is not a usable path: " + e.getMessage(), e);
      }
    }
    return new URLClassLoader("sparknodes-user-jars", urls, parent);
  }

  /**
   * Runs {@code body} with this thread's context class loader over {@code jars} (then the current
   * one), as a workload class named by the user is loaded; restores it, and closes the jars' loader,
   * after.
   */
  public static <T> T withJarsLoadable(List<Path> jars, java.util.concurrent.Callable<T> body) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ClassLoader loader = classLoader(jars, previous);
    thread.setContextClassLoader(loader);
    try {
      return body.call();
    } finally {
      thread.setContextClassLoader(previous);
      if (loader != previous && loader instanceof java.io.Closeable c) {
        c.close();
      }
    }
  }

  /** {@code classPath} with {@code jars} appended (absolute), each once. */
  static String onClassPath(String classPath, List<Path> jars) {
    Set<String> entries = new LinkedHashSet<>(List.of(classPath.split(File.pathSeparator)));
    entries.remove("");
    jars.forEach(j -> entries.add(j.toAbsolutePath().normalize().toString()));
    return String.join(File.pathSeparator, entries);
  }

  /** Whether the sweep's groups run on an external master (not one of this machine's {@code local} masters). */
  static boolean external(Optional<String> master) {
    return master.filter(m -> !m.startsWith("local")).isPresent();
  }

  /**
   * The groups' {@code spark.*} settings: {@code sparkProperties}, and on an external master the
   * jars added to {@code spark.jars} (executors there fetch them from the driver), each file once.
   */
  static Map<String, String> sparkProperties(Map<String, String> sparkProperties, Optional<String> master,
      List<Path> jars) {
    Map<String, String> props = new TreeMap<>(sparkProperties);
    boolean external = external(master);
    if (external && !jars.isEmpty()) {
      // Keyed by the local file a URI names, so that spark-submit's copy of a jar is not added twice.
      Map<String, String> all = new LinkedHashMap<>();
      for (String j : props.getOrDefault("spark.jars", "").split(",")) {
        if (!j.isBlank()) {
          all.putIfAbsent(localFile(j.strip()), j.strip());
        }
      }
      jars.forEach(j -> {
        Path p = j.toAbsolutePath().normalize();
        all.putIfAbsent(p.toString(), p.toUri().toString());
      });
      props.put("spark.jars", String.join(",", all.values()));
    }
    return props;
  }

  private static String localFile(String jar) {
    try {
      URI uri = new URI(jar);
      if (uri.getScheme() == null) {
        return Path.of(jar).toAbsolutePath().normalize().toString();
      }
      return "file".equals(uri.getScheme()) ? Path.of(uri).normalize().toString() : jar;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return jar;
    }
  }
}
