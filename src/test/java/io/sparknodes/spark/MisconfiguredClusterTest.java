package io.sparknodes.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparknodes.config.ExecutionConfig;
import io.sparknodes.config.SparkKeys;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Executors that never register give a clear error naming SPARK_HOME within the bounded wait, not a hang. */
class MisconfiguredClusterTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void executorsThatCannotStart_failWithinTheBoundedWait_namingSparkHome() {
    ExecutionConfig broken = ExecutionConfig.builder().useProcess(true).maxConcurrency(1)
        .spark("spark.executor.extraJavaOptions", "-javaagent:/nonexistent/agent.jar")
        .spark(SparkKeys.EXECUTOR_START_TIMEOUT, "8s")
        .build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SparkEngine.start(broken));
    assertTrue(e.getMessage().startsWith("0 of 1 executors registered on local-cluster[1,1,1024] within 8 s."),
        e.getMessage());
    assertTrue(e.getMessage().contains("SPARK_HOME=" + System.getenv("SPARK_HOME")), e.getMessage());
    assertTrue(SparkSession.getActiveSession().isEmpty() || SparkSession.getActiveSession().get().sparkContext().isStopped(),
        "the failed session was stopped");
  }
}
