#include "web/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/schema_info.h"
#include "web/api.h"
#include "web/api_json.h"
#include "web/assets.h"
#include "web/html.h"
#include "web/page.h"

namespace vigie::web {

namespace {

constexpr const char* kPageSecurity =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

void secure_headers(httplib::Response& res) {
    res.set_header("Content-Security-Policy", kPageSecurity);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
}

void asset(httplib::Server& svr, const char* path, std::string_view body, const char* type) {
    svr.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
        secure_headers(res);
        res.set_content(body.data(), body.size(), type);
    });
}

std::string dashboard_page(const std::string& db_path) {
    PageContent c;
    c.mode = PageMode::dashboard;
    c.meta_html = "Store " + html_escape(db_path) + " &middot; live view (read-only)";
    return render_page(c);
}

}  // namespace

bool is_loopback_host_header(const std::string& h) {
    std::string host = h;
    if (!host.empty() && host.front() == '[') {
        const auto end = host.find(']');
        if (end == std::string::npos) return false;
        host = host.substr(1, end - 1);
    } else if (const auto colon = host.rfind(':'); colon != std::string::npos) {
        host = host.substr(0, colon);
    }
    return is_loopback_host(host);
}

int serve(const ServeOptions& o, std::FILE* out) {
    // Refuse a bad store now, with one line, rather than on every request.
    if (auto db = store::open_store_readonly(o.db_path); !db) {
        std::fprintf(stderr, "vigie: error: %s\n", db.error().c_str());
        return 1;
    }
    // The signals go to a thread that waits for them; every other thread (httplib's
    // workers inherit this mask) keeps them blocked.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // An inherited SIG_IGN (a shell starting us in the background ignores SIGINT)
    // would discard the signal before sigwait sees it: take the default back.
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);

    httplib::Server svr;
    const std::string page = dashboard_page(o.db_path);
    svr.set_pre_routing_handler([&o](const httplib::Request& req, httplib::Response& res) {
        if (o.allow_remote || is_loopback_host_header(req.get_header_value("Host")))
            return httplib::Server::HandlerResponse::Unhandled;
        res.status = 403;
        res.set_content(body_json(Json{{"error", "Host header is not a loopback name"}}), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    });
    svr.Get("/", [&page](const httplib::Request&, httplib::Response& res) {
        secure_headers(res);
        res.set_content(page, "text/html; charset=utf-8");
    });
    asset(svr, "/assets/chart.umd.js", chart_js(), "text/javascript; charset=utf-8");
    asset(svr, "/assets/app.js", app_js(), "text/javascript; charset=utf-8");
    asset(svr, "/assets/style.css", style_css(), "text/css; charset=utf-8");
    svr.Get(R"(/api/[a-z]+)", [&o](const httplib::Request& req, httplib::Response& res) {
        secure_headers(res);
        auto db = store::open_store_readonly(o.db_path);
        if (!db) {
            res.status = 500;
            res.set_content(body_json(Json{{"error", db.error()}}), "application/json");
            return;
        }
        Params params(req.params.begin(), req.params.end());
        ApiResponse r = handle_api(**db, req.path, params);
        res.status = r.status;
        res.set_content(r.body, "application/json");
    });

    int port = o.listen.port;
    bool bound = false;
    if (port == 0) {
        port = svr.bind_to_any_port(o.listen.host);
        bound = port > 0;
    } else {
        bound = svr.bind_to_port(o.listen.host, port);
    }
    if (!bound) {
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
        std::fprintf(stderr, "vigie: error: cannot listen on %s:%d (in use, or not an address of this host)\n",
                     o.listen.host.c_str(), o.listen.port);
        return 1;
    }
    std::atomic<int> got_signal{0};
    std::atomic<bool> listen_done{false};
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        got_signal = sig;
        // stop() does nothing until the accept loop runs: a signal right after the
        // URL was printed must still stop it, so wait for the loop to be running.
        while (!listen_done) {
            if (svr.is_running()) {
                svr.stop();
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    const bool v6 = o.listen.host.find(':') != std::string::npos;
    std::fprintf(out, "vigie: serving %s on http://%s%s%s:%d/ (read-only; Ctrl-C stops)\n", o.db_path.c_str(),
                 v6 ? "[" : "", o.listen.host.c_str(), v6 ? "]" : "", port);
    std::fflush(out);
    const bool clean = svr.listen_after_bind();
    listen_done = true;
    const int sig = got_signal;
    if (!sig) pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter's sigwait
    waiter.join();
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    if (sig) {
        std::fprintf(stderr, "vigie: serve stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        return 0;
    }
    if (!clean) std::fprintf(stderr, "vigie: error: the server stopped unexpectedly\n");
    return clean ? 0 : 1;
}

}  // namespace vigie::web
