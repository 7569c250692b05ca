package io.sparknodes.spark;

import io.sparknodes.config.ExecutionConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The process-mode fixture of a test class: one {@code local-cluster[2,1,1024]} session (two
 * executor JVMs of one core, batch_size 10), started before the class's tests and closed after
 * them. Register it as {@code @RegisterExtension static final LocalCluster CLUSTER = new LocalCluster();}.
 */
final class LocalCluster implements BeforeAllCallback, AfterAllCallback {
  /** The engine defaults the session starts with. */
  static final ExecutionConfig DEFAULTS = ExecutionConfig.builder().useProcess(true).maxConcurrency(2).batchSize(10).build();

  private SparkEngine engine;

  @Override
  public void beforeAll(ExtensionContext context) {
    engine = SparkEngine.start(DEFAULTS);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  /** The engine on the class's session. */
  SparkEngine engine() {
    if (engine == null) {
      throw new IllegalStateException("the local cluster runs only while its test class runs");
    }
    return engine;
  }
}
