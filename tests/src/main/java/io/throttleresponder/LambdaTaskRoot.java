package io.throttleresponder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A function's code as Lambda runs it: a jar deployment package unpacked into the task root, the directory
 * {@code LAMBDA_TASK_ROOT} names (/var/task), whose classes the runtime loads as files
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html, "LAMBDA_TASK_ROOT: the path to
 * your Lambda function code").
 */
public final class LambdaTaskRoot {

    private LambdaTaskRoot() {}

    /** Unpacks {@code jar} into {@code into}, refusing an entry that would land outside it. */
    public static Path unpack(Path jar, Path into) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Iterator<JarEntry> entries = file.entries().asIterator(); entries.hasNext(); ) {
                JarEntry entry = entries.next();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("jar entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return into;
    }
}
