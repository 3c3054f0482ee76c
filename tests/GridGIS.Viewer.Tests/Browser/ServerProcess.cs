using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// The real server, started as its own process on 127.0.0.1 against the test database that
/// scripts/test loaded with the small demo (GRIDGIS_TEST_DB), killed at the end.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime
{
    private Process? _process;
    private readonly System.Text.StringBuilder _log = new();
    private readonly string? _connectionString;
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <summary>The server on the demo test database (GRIDGIS_TEST_DB, GRIDGIS_STATE_DIR).</summary>
    public ServerProcess() : this(null, null) { }

    /// <summary>The server on another database and state folder, with extra environment (configuration as <c>Section__Key</c>).</summary>
    public ServerProcess(string? connectionString, string? stateDir, IReadOnlyDictionary<string, string>? environment = null)
    {
        _connectionString = connectionString;
        _environment = environment ?? new Dictionary<string, string>();
        StateDir = stateDir ?? Environment.GetEnvironmentVariable("GRIDGIS_STATE_DIR")
            ?? throw new InvalidOperationException("GRIDGIS_STATE_DIR is not set: run the tests through scripts/test");
    }

    public string Root { get; } = FindRoot();
    /// <summary>GRIDGIS_VIEWER_TEST_PORT, else a free loopback port, so that parallel runs never collide.</summary>
    public int Port { get; } = int.TryParse(Environment.GetEnvironmentVariable("GRIDGIS_VIEWER_TEST_PORT"), out var p) ? p : FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string StateDir { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The build configuration the tests were built with (Debug or Release); the server is taken from the same.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task InitializeAsync()
    {
        var cs = _connectionString ?? Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB")
                 ?? throw new InvalidOperationException("GRIDGIS_TEST_DB is not set: run the tests through scripts/test");
        var project = Path.Combine(Root, "server", "GridGIS.Server");
        var dll = Path.Combine(project, "bin", Configuration, "net10.0", "GridGIS.Server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"server not built: {dll}");
        if (!File.Exists(Path.Combine(project, "wwwroot", "index.html")))
            throw new InvalidOperationException("the web viewer is not built (server/GridGIS.Server/wwwroot): scripts/test builds it");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "serve", "--urls", BaseUrl }) start.ArgumentList.Add(a);
        start.Environment["GRIDGIS_DB_CS"] = cs;
        start.Environment["GRIDGIS_STATE_DIR"] = StateDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The viewer tests share the demo accounts and one server while a page and the test's own API client ask for
        // the same expensive figures at once: longer queues, so that they wait instead of being refused (429). The
        // limits themselves are tested in GridGIS.Server.Tests (ExpensiveRequestTests).
        start.Environment["Security__Expensive__QueuePerUser"] = "32";
        start.Environment["Security__Expensive__QueueTotal"] = "64";
        // Every viewer test signs the demo accounts in again from this machine (57 tests); the sign-in limits have their
        // own tests (GridGIS.Server.Tests SignInLimitsTests), as the server tests' fixture says too.
        start.Environment["Security__SignIn__PerUser"] = "1000000";
        start.Environment["Security__SignIn__PerIp"] = "1000000";
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120); // generous: the machine may be shared and busy
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Log}");
            try
            {
                // Up when it answers: an unauthenticated call is refused with 401.
                if ((await http.GetAsync($"{BaseUrl}/api/auth/me")).StatusCode == System.Net.HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the server did not answer on {BaseUrl} within 120 s:\n{Log}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The server's command line (<c>migrate</c>, <c>account add ...</c>) on this server's database; its output, or an exception.</summary>
    public async Task<string> RunCommandAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(Root, "server", "GridGIS.Server", "bin", Configuration, "net10.0", "GridGIS.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GRIDGIS_DB_CS"] = _connectionString ?? Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB") ?? "";
        start.Environment["GRIDGIS_STATE_DIR"] = StateDir;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server's command line");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{string.Join(' ', args)}' exited with {process.ExitCode}: {await stderr}");
        return await stdout + await stderr;
    }

    /// <summary>A demo account's password from demo-accounts.txt (lines "user role password").</summary>
    public string Password(string user)
    {
        var file = Path.Combine(StateDir, "demo-accounts.txt");
        var line = File.ReadAllLines(file).Select(l => l.Split(' ', 3)).FirstOrDefault(p => p.Length == 3 && p[0] == user)
                   ?? throw new InvalidOperationException($"no demo account '{user}' in {file}");
        return line[2];
    }

    /// <summary>An HTTP client signed in as a demo account, for checking what the page shows against the API.</summary>
    public async Task<HttpClient> ClientAsAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var r = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = Password(user) });
        r.EnsureSuccessStatusCode();
        var token = (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("GRIDGIS_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "GridGIS.sln"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridGIS.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (GridGIS.sln); set GRIDGIS_ROOT");
    }
}
