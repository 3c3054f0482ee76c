using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GridGIS.Server.Security;

/// <summary>
/// Turns every exception that escapes an endpoint into a ProblemDetails response that tells the caller
/// what to fix and nothing about the server's insides: bad request bodies, query strings and route
/// values (<see cref="BadHttpRequestException"/>, malformed JSON, forbidden characters, and PostgreSQL's
/// 22021 for a NUL that got past them) become 400, bodies over the size limit 413, a database that
/// cannot be reached or is refusing connections 503 with Retry-After, a request cancelled by its client
/// nothing, one cancelled by the server's shutdown 503, and anything else 500 with a trace id to quote,
/// never a message or stack trace. The full exception goes to the log.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IHostApplicationLifetime lifetime, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    /// <summary>Seconds a caller is told to wait after a 503.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested && !stopping) return true;
        var (status, title, detail) = exception is OperationCanceledException && stopping
            ? (503, "Server stopping", "the server is shutting down; send the request again")
            : Describe(exception);
        var (parameter, field) = Culprit(exception);
        if (status >= 500) log.LogError(exception, "unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
        else log.LogInformation("bad request on {Method} {Path}: {Detail}", http.Request.Method, http.Request.Path, detail);
        if (http.Response.HasStarted) return true;
        http.Response.Clear();
        http.Response.StatusCode = status;
        if (status == 503)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (stopping) http.Response.Headers.Connection = "close";
        }
        var problem = Http.Problems.Details(status, title, detail, parameter, field);
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = null });
    }

    /// <summary>Status, title and a caller-safe detail for an exception.</summary>
    internal static (int Status, string Title, string Detail) Describe(Exception exception)
    {
        var json = Find<JsonException>(exception);
        return exception switch
        {
            BadHttpRequestException { StatusCode: 413 } b => (413, "Request body too large", b.Message),
            _ when Find<UnsafeTextException>(exception) is { } text => (400, $"Invalid '{text.Field}'", text.Detail),
            // A backstop: text that reached PostgreSQL with a character it cannot store (NUL).
            _ when Find<Npgsql.PostgresException>(exception) is { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } =>
                (400, "Invalid characters", "a value holds a character that cannot be stored (such as NUL); remove it and retry"),
            BadHttpRequestException b when json is not null =>
                (400, "Malformed JSON", "the request body could not be read as JSON: " + Clean(json.Message)),
            BadHttpRequestException b => (b.StatusCode is >= 400 and < 500 ? b.StatusCode : 400, "Bad request", b.Message),
            JsonException j => (400, "Malformed JSON", Clean(j.Message)),
            InvalidDataException or DecoderFallbackException =>
                (400, "Unreadable request", "the request could not be read: " + exception.Message),
            _ when IsUnavailable(exception) => (503, "Service unavailable",
                $"the database is unavailable or refusing connections; try again in {RetryAfterSeconds} seconds"),
            _ => (500, "Internal server error",
                "the server failed to handle this request; the error was logged: quote the traceId when reporting it"),
        };
    }

    /// <summary>
    /// The request value at fault: a query string or route value that failed to bind (its name is in the
    /// framework's message, "Failed to bind parameter \"int? limit\" from \"abc\""), or the JSON body
    /// member a <see cref="JsonException"/> or an <see cref="UnsafeTextException"/> points at.
    /// </summary>
    internal static (string? Parameter, string? Field) Culprit(Exception exception)
    {
        if (Find<UnsafeTextException>(exception) is { } text) return (null, text.Field);
        if (Find<JsonException>(exception) is { } json) return (null, Http.Problems.JsonField(json));
        if (exception is BadHttpRequestException b
            && Regex.Match(b.Message, "^(?:Failed to bind|Required) parameter \"(?:[^\"]* )?([A-Za-z_][A-Za-z0-9_]*)\"") is { Success: true } m)
            return b.Message.Contains("from the request body", StringComparison.Ordinal) || b.Message.Contains("from body", StringComparison.Ordinal)
                ? (null, "body") : (m.Groups[1].Value, null);
        return (null, null);
    }

    /// <summary>
    /// The database cannot be reached or will not take the request now: a connection that failed or was
    /// cut (sockets, I/O, timeouts: Npgsql marks these transient), the server shutting down or refusing
    /// connections (SQLSTATE classes 08, 53 and 57P, and 55000 as a database with ALLOW_CONNECTIONS false
    /// answers), or the connection pool exhausted.
    /// </summary>
    internal static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException pg)
                return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                       || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == Npgsql.PostgresErrorCodes.ObjectNotInPrerequisiteState;
            if (e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException) return true;
        }
        return false;
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException) if (e is T t) return t;
        return null;
    }

    /// <summary>A JSON error for the caller: System.Text.Json names the .NET type it was filling; the
    /// caller only needs the JSON path and position.</summary>
    internal static string JsonMessage(JsonException e) => Clean(e.Message);

    private static string Clean(string message)
    {
        var at = message.IndexOf(" Path:", StringComparison.Ordinal);
        var where = at >= 0 ? message[at..] : "";
        var unmapped = Regex.Match(message, "The JSON property '([^']*)' could not be mapped");
        if (unmapped.Success) return $"unknown property '{unmapped.Groups[1].Value}'.{where}";
        var missing = Regex.Match(message, "missing required properties including: (.*?)\\.?( Path:|$)");
        if (missing.Success) return $"missing required properties: {missing.Groups[1].Value}.{where}";
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
            return "a JSON value has the wrong type or is out of range." + where;
        // Anything else may still name a .NET type: keep only the position.
        return Regex.IsMatch(message, @"GridGIS\.|System\.") ? "the JSON could not be read." + where : message;
    }
}
