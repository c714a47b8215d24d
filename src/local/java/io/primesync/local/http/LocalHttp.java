package io.primesync.local.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/1.1 server every local part speaks through (the API Gateway emulation, the Procore simulator, the Lambda
 * Runtime API, the identity provider), on loopback only. It parses nothing but the protocol: the request target is
 * handed on raw, so a path or query with broken escapes reaches the part that must answer it; a request line,
 * header block or body beyond the limits gets an answer (414, 431, 413) from the part's own {@link Rejections}
 * instead of a reset connection. Header names go out exactly as the part wrote them, with the status's reason
 * phrase. Handlers run on a thread pool, so they may block.
 */
public final class LocalHttp implements AutoCloseable {
    /** One request, with its target as the client sent it. */
    public record Request(String method, String target, String rawPath, String rawQuery,
            Map<String, List<String>> headers, byte[] body, String remoteAddress, int localPort) {
        /** The first value of a header (names are case-insensitive), or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What a part answers. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    /** The answers of a part to requests that never reach its handler. */
    public interface Rejections {
        /**
         * @param status 400 (not HTTP), 413 (body too large), 414 (request line too long), 431 (headers too large),
         *     or 500 (the handler failed)
         */
        Reply reject(int status, String method, String target, String why);
    }

    /** Limits of one server. */
    public record Limits(int maxRequestLine, int maxHeaders, int maxBody) {
        public static Limits defaults() {
            return new Limits(16 * 1024, 16 * 1024, 10 * 1024 * 1024);
        }
    }

    /** What is read and thrown away of a body over the limit before the connection is closed anyway. */
    static final long DISCARD_LIMIT = 64L * 1024 * 1024;
    static final long DISCARD_TIMEOUT_SECONDS = 30;

    private final String name;
    private final Handler handler;
    private final Rejections rejections;
    private final Limits limits;
    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final List<Channel> listening = new CopyOnWriteArrayList<>();

    private LocalHttp(String name, Handler handler, Rejections rejections, Limits limits, int threads) {
        this.name = name;
        this.handler = handler;
        this.rejections = rejections;
        this.limits = limits;
        this.group = new MultiThreadIoEventLoopGroup(1, daemonThreads(name + "-io"), NioIoHandler.newFactory());
        this.workers = Executors.newFixedThreadPool(threads, daemonThreads(name));
    }

    public static LocalHttp create(String name, Handler handler, Rejections rejections, Limits limits, int threads) {
        return new LocalHttp(name, handler, rejections, limits, threads);
    }

    /**
     * Listens on 127.0.0.1 at the port (0 for a free one); a server may listen on several ports.
     *
     * @return the port bound
     */
    public int listen(int port) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(limits.maxRequestLine(), limits.maxHeaders(), 64 * 1024));
                        ch.pipeline().addLast(new Aggregator(limits.maxBody()));
                        ch.pipeline().addLast(new Dispatch());
                    }
                });
        try {
            Channel channel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
            listening.add(channel);
            return ((InetSocketAddress) channel.localAddress()).getPort();
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new BindException("port " + port + " is in use");
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(name + " could not listen on port " + port + ": " + e, e);
        }
    }

    /** Stops listening on one port, keeping the others. */
    public void stopListening(int port) {
        for (Channel channel : listening) {
            if (((InetSocketAddress) channel.localAddress()).getPort() == port) {
                channel.close().syncUninterruptibly();
                listening.remove(channel);
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        for (Channel channel : listening) {
            channel.close().syncUninterruptibly();
        }
        listening.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * A body over the limit is answered by the part (413), and the connection closed once the client has sent the
     * rest of it. Closing while the client is still writing would reset the connection, and a client that writes its
     * whole body before it reads (most do) would then see no answer at all, as API Gateway's clients never do. What
     * is left is read and thrown away, up to {@link #DISCARD_LIMIT} bytes and {@link #DISCARD_TIMEOUT_SECONDS}; past
     * either, the connection is closed anyway.
     */
    private final class Aggregator extends HttpObjectAggregator {
        private boolean discarding;
        private long discarded;
        private ChannelFuture answered;

        Aggregator(int maxBody) {
            super(maxBody);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            String method = oversized instanceof HttpRequest r ? r.method().name() : "?";
            String target = oversized instanceof HttpRequest r ? r.uri() : "?";
            discarding = true;
            discarded = 0;
            answered = send(ctx, rejections.reject(413, method, target, "body larger than " + limits.maxBody()
                    + " bytes"), false);
            ctx.executor().schedule(() -> closeAfterAnswer(ctx), DISCARD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (discarding && msg instanceof HttpContent content) {
                discarded += content.content().readableBytes();
                boolean last = msg instanceof LastHttpContent;
                content.release();
                if (last || discarded > DISCARD_LIMIT) {
                    closeAfterAnswer(ctx);
                }
                return;
            }
            boolean last = msg instanceof LastHttpContent;
            super.channelRead(ctx, msg);
            if (discarding && last) {
                // the content that went over the limit was the last of the body
                closeAfterAnswer(ctx);
            }
        }

        private void closeAfterAnswer(ChannelHandlerContext ctx) {
            discarding = false;
            if (answered == null) {
                ctx.close();
            } else {
                answered.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                int status = cause instanceof TooLongHttpLineException ? 414
                        : cause instanceof TooLongHttpHeaderException ? 431
                        : cause instanceof TooLongFrameException ? 431 : 400;
                // the decoder gives up before it knows the method and target: say so rather than guess
                write(ctx, rejections.reject(status, null, null, String.valueOf(cause)), false);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Request r = request(ctx, request);
            try {
                workers.execute(() -> {
                    Reply reply;
                    try {
                        reply = handler.handle(r);
                    } catch (InterruptedException e) {
                        // the server is closing: there is no one to answer
                        return;
                    } catch (Exception | Error e) {
                        reply = rejections.reject(500, r.method(), r.target(), String.valueOf(e));
                    }
                    write(ctx, reply, keepAlive);
                });
            } catch (RejectedExecutionException closing) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static Request request(ChannelHandlerContext ctx, FullHttpRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        }
        String target = request.uri();
        String pathAndQuery = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && scheme < 8) {
            // absolute form (through a proxy): the path starts after the authority
            int slash = target.indexOf('/', scheme + 3);
            pathAndQuery = slash < 0 ? "/" : target.substring(slash);
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        return new Request(request.method().name().toUpperCase(Locale.ROOT), target, path, query, headers,
                ByteBufUtil.getBytes(request.content()), remote.getAddress().getHostAddress(), local.getPort());
    }

    private static void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        ChannelFuture sent = send(ctx, reply, keepAlive);
        if (sent != null) {
            sent.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        }
    }

    /** Writes the reply and leaves the connection open; null when there is nothing to write to (or it was dropped). */
    private static ChannelFuture send(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        if (ctx.executor().isShuttingDown()) {
            return null;
        }
        if (reply.status() < 0) {
            ctx.close();
            return null;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                status(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        reply.headers().forEach((headerName, values) -> {
            if (!headerName.equalsIgnoreCase("Content-Length") && !headerName.equalsIgnoreCase("Transfer-Encoding")
                    && !headerName.equalsIgnoreCase("Connection")) {
                response.headers().add(headerName, values);
            }
        });
        if (reply.status() != 204 && reply.status() != 304) {
            // a 204 carries no body and no length (RFC 9110, 8.6)
            response.headers().set("Content-Length", reply.body().length);
        }
        if (!keepAlive) {
            response.headers().set("Connection", HttpHeaderValues.CLOSE);
        }
        return ctx.writeAndFlush(response);
    }

    /** The status with its reason phrase as RFC 9110 names it (Netty keeps some of RFC 2616's). */
    static HttpResponseStatus status(int code) {
        return switch (code) {
            case 413 -> new HttpResponseStatus(413, "Content Too Large");
            case 414 -> new HttpResponseStatus(414, "URI Too Long");
            case 422 -> new HttpResponseStatus(422, "Unprocessable Content");
            default -> HttpResponseStatus.valueOf(code);
        };
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
