package io.sparknodes.pipeline.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.xbean.asm9.ClassReader;
import org.apache.xbean.asm9.ClassVisitor;
import org.apache.xbean.asm9.Handle;
import org.apache.xbean.asm9.Label;
import org.apache.xbean.asm9.MethodVisitor;
import org.apache.xbean.asm9.Opcodes;

/**
 * Not API: the fingerprint of a function's code, the same in every JVM that loads the same
 * classes. A serializable lambda counts by its implementing method (class, name, signature), that
 * method's instructions with their constants resolved (line numbers and local names left out), the
 * instructions of every method it calls in classes loaded from the same place (the user's own
 * code, followed transitively; JDK and library classes are not followed), and its captured values'
 * {@link Fingerprints}. Another function object counts by its class's code and its serialized
 * state. Empty when any part cannot be derived: the node is then not cached.
 */
public final class CodeFingerprint {
  private static final int MAX_METHODS = 4096;

  private CodeFingerprint() {}

  /** The fingerprint of {@code fn}'s code and captured values, or empty if it cannot be derived. */
  public static Optional<String> of(Object fn) {
    try {
      Fingerprints.Sink sink = new Fingerprints.Sink();
      Optional<SerializedLambda> lambda = serializedLambda(fn);
      ClassLoader loader = fn.getClass().getClassLoader();
      if (lambda.isPresent()) {
        SerializedLambda l = lambda.get();
        sink.tag('λ');
        sink.text(l.getImplClass());
        sink.text(l.getImplMethodName());
        sink.text(l.getImplMethodSignature());
        sink.i32(l.getImplMethodKind());
        if (!new Walker(loader, l.getImplClass(), sink).method(l.getImplClass(), l.getImplMethodName(),
            l.getImplMethodSignature())) {
          return Optional.empty();
        }
        sink.i32(l.getCapturedArgCount());
        for (int a = 0; a < l.getCapturedArgCount(); a++) {
          if (!sink.value(l.getCapturedArg(a), 1)) {
            return Optional.empty();
          }
        }
      } else {
        if (fn.getClass().isSynthetic() || fn.getClass().isHidden() || !(fn instanceof Serializable)) {
          return Optional.empty();
        }
        String internal = fn.getClass().getName().replace('.', '/');
        sink.tag('K');
        sink.text(internal);
        if (!new Walker(loader, internal, sink).wholeClass(internal)) {
          return Optional.empty();
        }
        sink.bytes(io.sparknodes.pipeline.internal.JavaSerial.write(fn));
      }
      return Optional.of(HexFormat.of().formatHex(sink.digest.digest()));
    } catch (IOException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** The serialized form of a serializable lambda, through its {@code writeReplace}; empty for anything else. */
  static Optional<SerializedLambda> serializedLambda(Object fn) {
    if (!(fn instanceof Serializable) || !fn.getClass().isSynthetic()) {
      return Optional.empty();
    }
    try {
      Method m = fn.getClass().getDeclaredMethod("writeReplace");
      m.setAccessible(true);
      return m.invoke(fn) instanceof SerializedLambda l ? Optional.of(l) : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Feeds methods' instructions to the sink, following calls into classes from the same place as the root. */
  private static final class Walker {
    private final ClassLoader loader;
    private final Fingerprints.Sink sink;
    private final String home;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, ClassReader> readers = new HashMap<>();
    private final java.util.ArrayDeque<String[]> todo = new java.util.ArrayDeque<>();

    Walker(ClassLoader loader, String rootClass, Fingerprints.Sink sink) {
      this.loader = loader == null ? ClassLoader.getSystemClassLoader() : loader;
      this.sink = sink;
      URL root = this.loader.getResource(rootClass + ".class");
      this.home = root == null ? null : base(root, rootClass);
    }

    private static String base(URL url, String internalName) {
      String s = url.toString();
      return s.substring(0, s.length() - (internalName + ".class").length());
    }

    /** Hashes a method and, transitively, what it calls at home; false if the root cannot be read. */
    boolean method(String owner, String name, String desc) {
      if (home == null || reader(owner) == null) {
        return false;
      }
      todo.add(new String[] {owner, name, desc});
      drain();
      return true;
    }

    /** Hashes every method of a class and what they call at home. */
    boolean wholeClass(String owner) {
      ClassReader r = home == null ? null : reader(owner);
      if (r == null) {
        return false;
      }
      r.accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
          todo.add(new String[] {owner, name, desc});
          return null;
        }
      }, ClassReader.SKIP_CODE);
      drain();
      return true;
    }

    private void drain() {
      while (!todo.isEmpty() && seen.size() < MAX_METHODS) {
        String[] m = todo.poll();
        if (!seen.add(m[0] + "." + m[1] + m[2])) {
          continue;
        }
        ClassReader r = reader(m[0]);
        sink.tag('m');
        sink.text(m[0] + "." + m[1] + m[2]);
        if (r == null) {
          sink.tag('?');
          continue;
        }
        r.accept(new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
            return name.equals(m[1]) && desc.equals(m[2]) ? new Instructions() : null;
          }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      }
    }

    /** A reader for a class loaded from the root's place, else null (JDK and library code are not followed). */
    private ClassReader reader(String owner) {
      if (readers.containsKey(owner)) {
        return readers.get(owner);
      }
      ClassReader r = null;
      URL url = loader.getResource(owner + ".class");
      if (url != null && home != null && base(url, owner).equals(home)) {
        try (InputStream in = url.openStream()) {
          r = new ClassReader(in.readAllBytes());
        } catch (IOException e) {
          r = null;
        }
      }
      readers.put(owner, r);
      return r;
    }

    private void follow(String owner, String name, String desc) {
      if (reader(owner) != null) {
        todo.add(new String[] {owner, name, desc});
      }
    }

    /** Every instruction with its operands resolved; labels by their order of appearance. */
    private final class Instructions extends MethodVisitor {
      private final Map<Label, Integer> labels = new HashMap<>();

      Instructions() {
        super(Opcodes.ASM9);
      }

      private int label(Label l) {
        return labels.computeIfAbsent(l, k -> labels.size());
      }

      private void op(int opcode) {
        sink.tag('o');
        sink.i32(opcode);
      }

      private void constant(Object c) {
        if (c instanceof Handle h) {
          sink.tag('h');
          sink.i32(h.getTag());
          sink.text(h.getOwner() + "." + h.getName() + h.getDesc());
          follow(h.getOwner(), h.getName(), h.getDesc());
        } else if (c instanceof org.apache.xbean.asm9.Type || c instanceof org.apache.xbean.asm9.ConstantDynamic) {
          sink.tag('t');
          sink.text(c.toString());
        } else if (!sink.value(c, 0)) {
          sink.tag('?');
          sink.text(String.valueOf(c));
        }
      }

      @Override
      public void visitInsn(int opcode) {
        op(opcode);
      }

      @Override
      public void visitIntInsn(int opcode, int operand) {
        op(opcode);
        sink.i32(operand);
      }

      @Override
      public void visitVarInsn(int opcode, int var) {
        op(opcode);
        sink.i32(var);
      }

      @Override
      public void visitTypeInsn(int opcode, String type) {
        op(opcode);
        sink.text(type);
      }

      @Override
      public void visitFieldInsn(int opcode, String owner, String name, String desc) {
        op(opcode);
        sink.text(owner + "." + name + ":" + desc);
      }

      @Override
      public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
        op(opcode);
        sink.text(owner + "." + name + desc);
        follow(owner, name, desc);
      }

      @Override
      public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
        sink.tag('d');
        sink.text(name + desc);
        constant(bsm);
        sink.i32(args.length);
        for (Object a : args) {
          constant(a);
        }
      }

      @Override
      public void visitJumpInsn(int opcode, Label target) {
        op(opcode);
        sink.i32(label(target));
      }

      @Override
      public void visitLabel(Label l) {
        sink.tag(':');
        sink.i32(label(l));
      }

      @Override
      public void visitLdcInsn(Object value) {
        sink.tag('c');
        constant(value);
      }

      @Override
      public void visitIincInsn(int var, int increment) {
        sink.tag('+');
        sink.i32(var);
        sink.i32(increment);
      }

      @Override
      public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
        sink.tag('s');
        sink.i32(min);
        sink.i32(max);
        sink.i32(label(dflt));
        for (Label t : targets) {
          sink.i32(label(t));
        }
      }

      @Override
      public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
        sink.tag('w');
        sink.i32(label(dflt));
        for (int k = 0; k < keys.length; k++) {
          sink.i32(keys[k]);
          sink.i32(label(targets[k]));
        }
      }

      @Override
      public void visitMultiANewArrayInsn(String desc, int dims) {
        sink.tag('n');
        sink.text(desc);
        sink.i32(dims);
      }

      @Override
      public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        sink.tag('x');
        sink.i32(label(start));
        sink.i32(label(end));
        sink.i32(label(handler));
        sink.text(String.valueOf(type));
      }
    }
  }
}
