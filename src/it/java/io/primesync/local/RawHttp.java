package io.primesync.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 by hand over a socket: for what a well-behaved client cannot send (a broken escape in the URL, a 400 KB
 * request line), for what it hides (the exact spelling of header names, the status line's reason phrase), and for
 * what it must not blur: on one kept-alive connection, every request gets its answer or the server closed it.
 */
final class RawHttp {
    /** The answer as it came over the wire. */
    record Answer(String statusLine, List<String> headerLines, byte[] body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The value of a header whose name is spelt exactly so; null if there is none. */
        String exactHeader(String name) {
            for (String line : headerLines) {
                if (line.startsWith(name + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }

        String header(String name) {
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }

        JsonNode json() {
            return Json.read(body);
        }
    }

    private RawHttp() {}

    /** Sends the request line, the headers and the body, and reads one answer (the server closes or sends its length). */
    static Answer send(int port, String requestLine, List<String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(requestLine).append("\r\n");
            if (headers.stream().noneMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5))) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before it read everything; its answer is still there to read
            }
            return read(socket.getInputStream());
        }
    }

    /**
     * One connection kept open for many requests, each written whole and its answer read by its Content-Length
     * before the next: a server that closes it or answers nothing shows as an IOException, never as a retry.
     */
    static final class KeptAlive implements AutoCloseable {
        private final int port;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        KeptAlive(int port) throws IOException {
            this.port = port;
            this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Answer send(String requestLine, List<String> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(requestLine).append("\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            List<String> lines = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                lines.add(line);
            }
            Answer answer = new Answer(lines.get(0), lines.subList(1, lines.size()), new byte[0]);
            String length = answer.header("Content-Length");
            byte[] answerBody = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Answer(answer.statusLine(), answer.headerLines(), answerBody);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the server closed the connection mid-answer or before it: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static Answer get(int port, String target, String... headers) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1", List.of(headers), new byte[0]);
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            all.write(buffer, 0, n);
        }
        byte[] bytes = all.toByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        return new Answer(lines[0], headers, body);
    }
}
