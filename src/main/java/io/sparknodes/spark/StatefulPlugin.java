package io.sparknodes.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes an executor's stateful instances when the executor stops (its application ends), and
 * carries the batch events of running tasks to the driver ({@link Progress}).
 * Enabled by {@code spark.plugins=io.sparknodes.spark.StatefulPlugin}, which {@link SparkEngine}
 * sets on the sessions it creates.
 */
public final class StatefulPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    // Hears the batch events tasks in executor JVMs send while they run (Progress).
    return new DriverPlugin() {
      @Override
      public Object receive(Object message) {
        return Progress.receive(message);
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      private PluginContext ctx;

      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        // In local mode the executor starts before the application id is set: read it at shutdown.
        this.ctx = ctx;
        Progress.executorStarted(ctx);
      }

      @Override
      public void shutdown() {
        if (ctx != null && ctx.conf().contains("spark.app.id")) {
          ExecutorRegistry.closeApp(ctx.conf().getAppId());
        }
      }
    };
  }
}
