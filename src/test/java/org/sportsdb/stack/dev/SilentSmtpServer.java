package org.sportsdb.stack.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that accepts connections on loopback and never answers (a relay that hangs): a client waits until
 * its own timeout. {@link #close()} closes the port and every connection it holds, as a relay that went away.
 */
public final class SilentSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentSmtpServer(ServerSocket socket) {
        this.socket = socket;
    }

    /**
     * Started on a free port below Linux's ephemeral range (32768 and up): the tests close this server and start a real
     * one on the same port, which a port the system hands out to clients could meanwhile be taken as a client's.
     */
    public static SilentSmtpServer start() throws IOException {
        ServerSocket socket = null;
        java.util.Random random = new java.util.Random();
        for (int tries = 0; socket == null; tries++) {
            ServerSocket candidate = new ServerSocket();
            candidate.setReuseAddress(true);
            try {
                candidate.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 20_000 + random.nextInt(12_000)), 50);
                socket = candidate;
            } catch (IOException taken) {
                candidate.close();
                if (tries > 100) {
                    throw taken;
                }
            }
        }
        SilentSmtpServer server = new SilentSmtpServer(socket);
        ServerSocket listening = socket;
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    server.held.add(listening.accept());
                }
            } catch (IOException closed) {
                // close() closed the socket
            }
        }, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
