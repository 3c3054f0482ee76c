using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GridGIS.Server.Http;

/// <summary>A GeoJSON geometry (RFC 7946) in WGS84; <paramref name="Coordinates"/> nest by geometry type.</summary>
internal sealed record GeoJsonGeometry(string Type, JsonElement Coordinates);

/// <summary>A GeoJSON feature whose properties are a <typeparamref name="TProperties"/>.</summary>
internal sealed record GeoJsonFeature<TProperties>(string Type, JsonElement? Id, GeoJsonGeometry? Geometry, TProperties Properties)
    where TProperties : class;

/// <summary>A GeoJSON FeatureCollection of <typeparamref name="TProperties"/> features.</summary>
internal sealed record GeoJsonCollection<TProperties>(string Type, IReadOnlyList<GeoJsonFeature<TProperties>> Features)
    where TProperties : class;

/// <summary>
/// 200 with a body that is already JSON (built by a query's <c>json_build_object</c>, or by NetTopologySuite),
/// declared in the OpenAPI document as a <typeparamref name="TSchema"/>: the record is the contract, the SQL
/// or serializer writes it. Tests compare the two (the generated viewer types are checked against the server).
/// </summary>
internal abstract class JsonTextResultBase<TSchema> : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private readonly string? _text;
    private readonly object? _value;

    protected JsonTextResultBase(string? text, object? value) => (_text, _value) = (text, value);

    public int? StatusCode => StatusCodes.Status200OK;
    public abstract string ContentType { get; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        if (_value is null)
        {
            await httpContext.Response.WriteAsync(_text ?? "null", httpContext.RequestAborted);
            return;
        }
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, _value, _value.GetType(), options, httpContext.RequestAborted);
    }

    protected static void Declare(EndpointBuilder builder, string contentType) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TSchema), [contentType]));
}

/// <summary>200 <c>application/geo+json</c>, declared as <typeparamref name="TSchema"/>.</summary>
internal sealed class GeoJsonResult<TSchema> : JsonTextResultBase<TSchema>, IEndpointMetadataProvider
{
    public const string MediaType = "application/geo+json";

    /// <summary>Text that is already GeoJSON.</summary>
    public GeoJsonResult(string text) : base(text, null) { }

    /// <summary>An object serialized with the API's JSON options (they write NetTopologySuite features as GeoJSON).</summary>
    public GeoJsonResult(object value) : base(null, value) { }

    public override string ContentType => MediaType;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, MediaType);
}

/// <summary>200 <c>application/json</c> from text that is already JSON, declared as <typeparamref name="TSchema"/>.</summary>
internal sealed class JsonTextResult<TSchema>(string text) : JsonTextResultBase<TSchema>(text, null), IEndpointMetadataProvider
{
    public override string ContentType => "application/json";

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, "application/json");
}
