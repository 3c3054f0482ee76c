using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace GridGIS.Server.Http;

/// <summary>
/// The one place a ProblemDetails (RFC 9457) is made. Every error the API answers has the same shape:
/// <c>status</c>, <c>title</c> (what kind of problem), <c>detail</c> (what exactly, and what to send
/// instead) and, when one request value is at fault, <c>parameter</c> (a query string or route value)
/// or <c>field</c> (a member of the JSON body, as its JSON path, e.g. <c>categories</c>). The problem
/// writer adds <c>type</c> and <c>traceId</c>.
/// </summary>
internal static class Problems
{
    /// <summary>The extension naming a query string or route value at fault.</summary>
    public const string ParameterKey = "parameter";

    /// <summary>The extension naming a JSON body member at fault.</summary>
    public const string FieldKey = "field";

    public const string NotFoundTitle = "Not found";

    /// <summary>The extension with the machine-readable kind of problem (<see cref="CodeOf"/>), for clients that say it in their own language.</summary>
    public const string CodeKey = "code";

    /// <summary>The extension with the code's parameters by name (the parameter or field at fault), as text.</summary>
    public const string ArgsKey = "args";

    /// <summary>
    /// The problem's code from its status and what is at fault: invalid_parameter, invalid_field, not_found,
    /// conflict, unauthorized, forbidden, too_many_requests, too_large, unsupported_media_type, or error.
    /// </summary>
    public static string CodeOf(int? status, bool parameter, bool field) => status switch
    {
        StatusCodes.Status400BadRequest => parameter ? "invalid_parameter" : field ? "invalid_field" : "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "too_many_requests",
        _ => "error",
    };

    /// <summary>Adds <c>code</c> and <c>args</c> (the parameter or field at fault) to a problem that has none.</summary>
    private static void AddCode(ProblemDetails problem)
    {
        if (problem.Extensions.ContainsKey(CodeKey)) return;
        var parameter = problem.Extensions.TryGetValue(ParameterKey, out var p) ? p?.ToString() : null;
        var field = problem.Extensions.TryGetValue(FieldKey, out var f) ? f?.ToString() : null;
        problem.Extensions[CodeKey] = CodeOf(problem.Status, parameter is not null, field is not null);
        var args = new Dictionary<string, string>();
        if (parameter is not null) args["name"] = parameter;
        else if (field is not null) args["name"] = field;
        problem.Extensions[ArgsKey] = args;
    }

    /// <summary>A problem of any status; at most one of <paramref name="parameter"/> and <paramref name="field"/>.</summary>
    public static ProblemDetails Details(int status, string title, string detail, string? parameter = null, string? field = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (parameter is not null) problem.Extensions[ParameterKey] = parameter;
        if (field is not null) problem.Extensions[FieldKey] = field;
        AddCode(problem);
        return problem;
    }

    /// <summary>400: query string or route value <paramref name="parameter"/> is wrong.</summary>
    public static BadRequestProblem Parameter(string parameter, string detail) =>
        new(Details(StatusCodes.Status400BadRequest, $"Invalid '{parameter}'", detail, parameter: parameter));

    /// <summary>400: body member <paramref name="field"/> (or the whole <c>body</c>) is wrong.</summary>
    public static BadRequestProblem Field(string field, string detail) =>
        new(Details(StatusCodes.Status400BadRequest, $"Invalid '{field}'", detail, field: field));

    /// <summary>404: what was asked for does not exist (or is not the caller's to see).</summary>
    public static NotFoundProblem NotFound(string detail, string? parameter = null) =>
        new(Details(StatusCodes.Status404NotFound, NotFoundTitle, detail, parameter: parameter));

    /// <summary>409: the request is fine but the state of the data refuses it.</summary>
    public static ConflictProblem Conflict(string title, string detail) =>
        new(Details(StatusCodes.Status409Conflict, title, detail));

    /// <summary>Any other status (401, 405, 413, 415, 429, ...), as a result.</summary>
    public static ProblemHttpResult Status(int status, string title, string detail, string? parameter = null, string? field = null) =>
        TypedResults.Problem(Details(status, title, detail, parameter, field));

    /// <summary>A problem made elsewhere (an import's rejection with its errors[]), as a result.</summary>
    public static ProblemHttpResult Result(ProblemDetails problem) => TypedResults.Problem(problem);

    /// <summary>415: the body's content type is not one this endpoint reads.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    /// <summary>413: the body is over the endpoint's limit.</summary>
    public static ProblemHttpResult TooLarge(string detail) =>
        Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);

    /// <summary>The body member a JSON error is at (its path without <c>$.</c>), or <c>body</c> for the whole body.</summary>
    public static string JsonField(System.Text.Json.JsonException e) =>
        string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');

    /// <summary>
    /// Fills what a problem written by the framework lacks (the empty 401 and 403 of authorization, a
    /// status page): a detail that says what to do, and the trace id. Set as the problem service's
    /// <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>, so it runs for every problem written.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        AddCode(problem);
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "sign in first: send a bearer token (Authorization: Bearer ..., from POST /api/auth/token) or an API key (X-Api-Key)",
            StatusCodes.Status403Forbidden => $"your role may not call {request.Method} {request.Path}",
            StatusCodes.Status404NotFound => $"nothing at {request.Path}",
            _ => problem.Title ?? "the request failed",
        };
        if (problem.Status == StatusCodes.Status404NotFound) problem.Title = NotFoundTitle;
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
    }
}

/// <summary>
/// A problem answer of one status, written by the problem service (<c>application/problem+json</c>, with
/// <see cref="Problems.Customize"/>) and declared in the OpenAPI document under that status. The framework's
/// <c>BadRequest&lt;ProblemDetails&gt;</c> would write <c>application/json</c> and skip the problem service.
/// </summary>
internal abstract class ProblemResult(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value { get; } = problem;
    object? IValueHttpResult.Value => Value;
    public int? StatusCode => Value.Status;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    protected static void Declare(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>400 with a ProblemDetails naming the parameter or field at fault.</summary>
internal sealed class BadRequestProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status400BadRequest);
}

/// <summary>404 with a ProblemDetails saying what was not found.</summary>
internal sealed class NotFoundProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>409 with a ProblemDetails saying which state refuses the request.</summary>
internal sealed class ConflictProblem(ProblemDetails problem) : ProblemResult(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}
