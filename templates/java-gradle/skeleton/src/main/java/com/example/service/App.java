package com.example.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The service: an HTTP server on the JDK's own httpserver module. With
 * {@code --healthcheck} it instead asks the running service for /healthz and
 * exits 0 or 1, since the runtime image has no curl.
 */
public final class App {

    static final String HEALTH_BODY = "{\"status\":\"ok\"}";

    private App() {
    }

    static int port() {
        String value = System.getenv("PORT");
        return value == null || value.isBlank() ? 8080 : Integer.parseInt(value.trim());
    }

    static HttpServer createServer(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", App::handleHealth);
        return server;
    }

    private static void handleHealth(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = HEALTH_BODY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static boolean healthcheck(int port) {
        try {
            HttpURLConnection conn = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/healthz").openConnection();
            conn.setConnectTimeout(2000);
            conn.setReadTimeout(2000);
            int code = conn.getResponseCode();
            conn.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public static void main(String[] args) throws IOException {
        int port = port();
        if (args.length > 0 && "--healthcheck".equals(args[0])) {
            System.exit(healthcheck(port) ? 0 : 1);
        }
        HttpServer server = createServer(port);
        server.start();
        // The container stops with SIGTERM; let requests in flight finish.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(2)));
        System.out.println("listening on " + port);
    }
}
