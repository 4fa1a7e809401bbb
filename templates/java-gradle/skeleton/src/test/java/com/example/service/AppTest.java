package com.example.service;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class AppTest {

    @Test
    public void healthzReturnsOkJson() throws Exception {
        HttpServer server = App.createServer(0);
        server.start();
        try {
            int port = server.getAddress().getPort();
            HttpURLConnection conn = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/healthz").openConnection();
            assertEquals(200, conn.getResponseCode());
            assertEquals("application/json", conn.getHeaderField("Content-Type"));
            try (InputStream in = conn.getInputStream()) {
                assertEquals(App.HEALTH_BODY, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertTrue(App.healthcheck(port));
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void healthcheckFailsWhenNothingListens() throws Exception {
        HttpServer server = App.createServer(0);
        server.start();
        int port = server.getAddress().getPort();
        server.stop(0);
        assertFalse(App.healthcheck(port));
    }
}
