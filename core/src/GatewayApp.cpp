// GatewayApp.cpp - startup, serving and graceful shutdown.
#include "GatewayApp.h"

#include "AdminServer.h"
#include "ConfigReloader.h"
#include "ConsoleSink.h"
#include "DestinationSpec.h"
#include "Distributor.h"
#include "GatewayHttpServer.h"
#include "GatewayRequestHandlers.h"
#include "GatewayStats.h"
#include "IngestService.h"
#include "KeyCache.h"
#include "ListenAddress.h"
#include "Logging.h"
#include "PluginLoader.h"
#include "RateReporter.h"
#include "SectionPluginConfig.h"
#include "SelfMetrics.h"
#include "SelfSignedCertificate.h"
#include "SignalHandler.h"
#include "StatsCollector.h"
#include "StatsServer.h"
#include "TlsErrorCounter.h"

#include <Poco/Environment.h>
#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/OptionSet.h>

#include <iostream>
#include <malloc.h>
#include <thread>

namespace polymur {

namespace {

Poco::Logger& gatewayLog()
{
    return Poco::Logger::get("polymur");
}

std::size_t getSize(const Poco::Util::AbstractConfiguration& cfg, const std::string& key, std::size_t fallback)
{
    const Poco::Int64 value = cfg.getInt64(key, static_cast<Poco::Int64>(fallback));
    if (value < 0)
        throw Poco::InvalidArgumentException(key + " must not be negative");
    return static_cast<std::size_t>(value);
}

/// Configure a freshly created plugin from its section, warning about keys
/// the plugin does not declare.
template <class Plugin>
void configurePlugin(Plugin& plugin, const Poco::Util::AbstractConfiguration& settings, const PluginInfo& info)
{
    SectionPluginConfig config(settings, info);
    for (const auto& key : config.unknownKeys())
        gatewayLog().warning("[%s] unknown config key '%s' (not read by plugin %s %s)", info.section, key, info.name,
                         info.version);
    plugin.configure(config);
    gatewayLog().information("Loaded %s plugin %s %s from %s", std::string(pluginKindName(info.kind)), info.name,
                         info.version, info.path);
}

std::vector<std::string> pluginDirs(const Settings& settings)
{
    std::vector<std::string> dirs;
    std::string configured = settings.config().getString("plugins.dir", "");
    if (configured.empty() && Poco::Environment::has("POLYMUR_GW_PLUGIN_DIR"))
        configured = Poco::Environment::get("POLYMUR_GW_PLUGIN_DIR");
    for (const auto& dir : splitList(configured))
        dirs.push_back(settings.resolvePath(dir));
    dirs.push_back(defaultPluginDir());
    return dirs;
}

} // namespace

GatewayApp::GatewayApp(CommandLine commandLine, std::string workingDir)
    : _commandLine(std::move(commandLine)), _workingDir(std::move(workingDir))
{
    setUnixOptions(true);
}

GatewayApp::~GatewayApp() = default;

void GatewayApp::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
}

void GatewayApp::initialize(Poco::Util::Application& self)
{
    ServerApplication::initialize(self);
    _settings = std::make_unique<Settings>(_commandLine.overrides, _workingDir);
    configureLogging(_settings->config(), config().getBool("application.runAsDaemon", false));
}

int GatewayApp::main(const std::vector<std::string>&)
{
    try
    {
        if (_commandLine.listPlugins)
            return listPlugins();
        return serve();
    }
    catch (const Poco::Exception& e)
    {
        gatewayLog().fatal("polymur-gateway cannot start: %s", e.displayText());
    }
    catch (const std::exception& e)
    {
        gatewayLog().fatal("polymur-gateway cannot start: %s", std::string(e.what()));
    }
    return EXIT_CONFIG;
}

int GatewayApp::listPlugins()
{
    PluginLoader loader(pluginDirs(*_settings));
    std::vector<std::string> problems;
    const auto plugins = loader.scan(problems);
    for (const auto& info : plugins)
    {
        std::cout << pluginKindName(info.kind) << " " << info.name << " " << info.version << " (SDK " << info.sdkMajor
                  << "." << info.sdkMinor << ")\n  " << info.description << "\n  file: " << info.path
                  << "\n  section: [" << info.section << "]\n";
        for (const auto& key : info.keys)
            std::cout << "    " << key.key << " = " << key.defaultValue << "\n        " << key.doc << "\n";
    }
    for (const auto& problem : problems)
        std::cout << "refused: " << problem << "\n";
    return plugins.empty() ? EXIT_SOFTWARE : EXIT_OK;
}

int GatewayApp::serve()
{
    // Request buffers (bodies, inflated batches, parsed lines) come from and
    // go back to the kernel: with glibc's dynamic mmap threshold they would
    // stay in per-thread arenas after use and RSS would exceed the memory
    // bound of docs/limits.md by the fragmentation across worker threads.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    Poco::Util::AbstractConfiguration& cfg = _settings->config();
    if (cfg.getBool("gateway.dev-mode", false))
    {
        // As the original: no Consul, the single key "123" named "dev".
        _settings->override("plugins.keystore", "static");
        _settings->override("keystore-static.keys", "dev:123");
        _settings->override("keystore-static.file", "");
    }

    PluginLoader loader(pluginDirs(*_settings));
    const PluginInfo keyStoreInfo = loader.find(PluginKind::KeyStore, cfg.getString("plugins.keystore"));
    const PluginInfo distributionInfo = loader.find(PluginKind::Distribution, cfg.getString("plugins.distribution"));
    const PluginInfo outputInfo = loader.find(PluginKind::Output, cfg.getString("plugins.output"));

    auto keyStore = loader.createKeyStore(keyStoreInfo);
    configurePlugin(*keyStore, cfg, keyStoreInfo);
    auto policy = loader.createDistribution(distributionInfo);
    configurePlugin(*policy, cfg, distributionInfo);
    auto output = loader.createOutput(outputInfo);
    configurePlugin(*output, cfg, outputInfo);

    gatewayLog().information("::: Polymur-gateway :::");
    KeyCache keys;
    gatewayLog().information("Running API key sync");
    keyStore->start(keys);

    DistributorOptions distributorOptions;
    distributorOptions.queueCapacityPoints = getSize(cfg, "gateway.queue-cap", 262144);
    distributorOptions.queueCapacityBytes = getSize(cfg, "gateway.queue-bytes", 64u << 20);
    const std::string overflow = cfg.getString("gateway.overflow", "reject");
    if (overflow != "reject" && overflow != "drop")
        throw Poco::InvalidArgumentException("gateway.overflow must be 'reject' or 'drop', not '" + overflow + "'");
    distributorOptions.dropOnOverflow = overflow == "drop";
    distributorOptions.writer.reconnectMinMs = static_cast<long>(cfg.getDouble("gateway.reconnect-min", 1.0) * 1000);
    distributorOptions.writer.reconnectMaxMs = static_cast<long>(cfg.getDouble("gateway.reconnect-max", 10.0) * 1000);
    ConsoleSink console;
    Distributor distributor(*policy, *output, &console, distributorOptions);
    const std::vector<std::string> destinations = ConfigReloader::configuredDestinations(cfg);
    for (const auto& spec : destinations)
    {
        std::string error;
        if (!distributor.addDestination(spec, error))
            throw Poco::InvalidArgumentException(error);
    }
    if (destinations.empty())
        gatewayLog().warning("No destinations configured (-destinations or -console-out): batches will get 503");

    IngestOptions ingestOptions;
    ingestOptions.maxBodyBytes = getSize(cfg, "gateway.max-body-bytes", ingestOptions.maxBodyBytes);
    ingestOptions.maxBatchBytes = getSize(cfg, "gateway.max-batch-bytes", ingestOptions.maxBatchBytes);
    ingestOptions.maxLineLength = getSize(cfg, "gateway.max-line-length", ingestOptions.maxLineLength);
    ingestOptions.maxPoints = distributorOptions.queueCapacityPoints;
    ingestOptions.maxInflightBytes = getSize(cfg, "gateway.max-inflight-bytes", ingestOptions.maxInflightBytes);
    ingestOptions.budgetWait = std::chrono::milliseconds(static_cast<long>(cfg.getDouble("gateway.inflight-wait", 1.0) * 1000));
    ingestOptions.bufferPoolBytes = getSize(cfg, "gateway.buffer-pool-bytes", ingestOptions.bufferPoolBytes);
    if (ingestOptions.maxInflightBytes / 8 * 7 < ingestOptions.maxBodyBytes + 2 * ingestOptions.maxBatchBytes)
        gatewayLog().warning("7/8 of gateway.max-inflight-bytes (%z) is below max-body-bytes + 2 x max-batch-bytes "
                             "(%z): the largest allowed batches will get 503",
                             ingestOptions.maxInflightBytes, ingestOptions.maxBodyBytes + 2 * ingestOptions.maxBatchBytes);
    ingestOptions.keyPrefix = cfg.getBool("gateway.key-prefix", false);
    ingestOptions.logBatches = cfg.getBool("gateway.log-batches", true);
    GatewayStats stats;
    TlsErrorCounter tlsErrors(stats);
    tlsErrors.install();
    IngestService service(keys, distributor, stats, ingestOptions);

    std::string certFile = _settings->resolvePath(cfg.getString("gateway.cert", ""));
    std::string keyFile = _settings->resolvePath(cfg.getString("gateway.key", ""));
    if (cfg.getBool("gateway.self-signed", false))
    {
        if (certFile.empty())
            certFile = _settings->resolvePath("polymur-gateway-cert.pem");
        if (keyFile.empty())
            keyFile = _settings->resolvePath("polymur-gateway-key.pem");
        if (ensureSelfSignedCertificate(certFile, keyFile))
            gatewayLog().information("Created a self-signed certificate %s (key %s)", certFile, keyFile);
    }
    if (certFile.empty() || keyFile.empty())
        throw Poco::InvalidArgumentException(
            "a TLS certificate and key are required: -cert=FILE -key=FILE (or gateway.self-signed = true)");

    Poco::Net::initializeSSL();
    Poco::Net::Context::Params tlsParams;
    tlsParams.privateKeyFile = keyFile;
    tlsParams.certificateFile = certFile;
    tlsParams.verificationMode = Poco::Net::Context::VERIFY_NONE;
    tlsParams.cipherList = cfg.getString("gateway.tls-ciphers", "HIGH:!aNULL:!MD5:!RC4:!3DES");
    Poco::Net::Context::Ptr context(new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tlsParams));
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->enableSessionCache(true, "polymur-gateway");

    const std::string listen = cfg.getString("gateway.listen-addr");
    Poco::Net::SecureServerSocket socket(listenAddress(listen), 256, context);

    auto seconds = [&](const std::string& key, double fallback) {
        const double value = cfg.getDouble(key, fallback);
        if (!(value > 0))
            throw Poco::InvalidArgumentException(key + " must be a positive number of seconds");
        return std::chrono::milliseconds(static_cast<long>(value * 1000));
    };
    GatewayServerOptions serverOptions;
    serverOptions.threads = static_cast<int>(getSize(cfg, "gateway.http-threads", 32));
    serverOptions.maxConnections = static_cast<int>(getSize(cfg, "gateway.max-connections", 256));
    serverOptions.timeouts.header = seconds("gateway.header-timeout", 10);
    serverOptions.timeouts.body = seconds("gateway.request-timeout", 60);
    serverOptions.timeouts.idle = seconds("gateway.keepalive-timeout", 30);
    if (serverOptions.threads < 1 || serverOptions.maxConnections < serverOptions.threads)
        throw Poco::InvalidArgumentException("gateway.http-threads must be >= 1 and <= gateway.max-connections");

    Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(serverOptions.timeouts.idle.count() * 1000));
    params->setTimeout(Poco::Timespan(serverOptions.timeouts.header.count() * 1000));
    params->setServerName("polymur-gateway");
    GatewayHttpServer server(new GatewayRequestHandlerFactory(service), socket, params, serverOptions, stats);
    server.start();

    // Operating: admin API, runstats, periodic summary, self-metrics, SIGHUP.
    StatsCollector collector(stats, distributor, *keyStore, keyStoreInfo.name);
    std::unique_ptr<AdminServer> admin;
    if (!cfg.getString("gateway.api-addr").empty())
        admin = std::make_unique<AdminServer>(cfg.getString("gateway.api-addr"), distributor);
    std::unique_ptr<StatsServer> runstats;
    if (!cfg.getString("gateway.stat-addr").empty())
        runstats = std::make_unique<StatsServer>(cfg.getString("gateway.stat-addr"), collector);
    RateReporter rateReporter(stats, distributor,
                              std::chrono::milliseconds(static_cast<long>(cfg.getDouble("gateway.report-interval", 5.0) * 1000)),
                              distributorOptions.dropOnOverflow);
    const long flushSeconds = static_cast<long>(getSize(cfg, "gateway.metrics-flush", 0));
    SelfMetrics selfMetrics(collector, distributor, stats, std::chrono::seconds(flushSeconds > 0 ? flushSeconds : 1),
                            [&server, params] {
                                return SelfMetrics::IncomingQueue{static_cast<std::size_t>(server.queuedConnections()),
                                                                  static_cast<std::size_t>(params->getMaxQueued())};
                            });
    ConfigReloader reloader(*_settings, *keyStore, distributor);
    SignalHandler signals([&reloader] { reloader.reload(); });
    if (admin)
        admin->start();
    if (runstats)
        runstats->start();
    rateReporter.start();
    if (flushSeconds > 0)
        selfMetrics.start();
    signals.start();
    // Logged last: tools and tests read this line as "every listener is up".
    gatewayLog().information("HTTPS listener started: %s", listen);

    waitForTerminationRequest();

    gatewayLog().information("Shutting down: no new connections");
    signals.stop();
    selfMetrics.stop();
    rateReporter.stop();
    if (admin)
        admin->stop();
    // Close the listener; connections end after their current request.
    server.stopAccepting();
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long>(cfg.getDouble("gateway.shutdown-grace", 10.0) * 1000));
    while (stats.requestsInFlight.load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // Idle keep-alive connections would wait for their timeout: close them,
    // and end the worker threads.
    server.abort();
    keyStore->stop();
    const auto drain = std::chrono::milliseconds(static_cast<long>(cfg.getDouble("gateway.drain-timeout", 10.0) * 1000));
    const std::size_t undelivered = distributor.shutdown(drain);
    if (undelivered)
        gatewayLog().warning("Shutdown: %z acknowledged points could not be delivered within the drain timeout",
                         undelivered);
    else
        gatewayLog().information("Shutdown: every acknowledged point was delivered");
    if (runstats)
        runstats->stop();
    tlsErrors.uninstall();
    return EXIT_OK;
}

} // namespace polymur
