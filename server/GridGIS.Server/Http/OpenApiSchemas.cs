using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridGIS.Server.Http;

/// <summary>
/// Three corrections to the OpenAPI document's schemas, so that the viewer's generated types say what the
/// API sends: numbers are numbers (the JSON options allow "NaN" and "Infinity" only so that a stray
/// non-finite value cannot fail a whole response; the API's records carry finite values, null where
/// there is none), nullable numbers may be null; text is text (the control-character converter of
/// <see cref="Security.UnsafeTextChecks"/> would leave its schema empty); and every ProblemDetails carries the extensions
/// <see cref="Problems"/> adds (<c>parameter</c>, <c>field</c>, <c>traceId</c>, and <c>allowed</c> where a value must be one of a set).
/// </summary>
internal static class OpenApiSchemas
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonPropertyInfo?.PropertyType ?? context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        if ((underlying ?? type) is var t && (t == typeof(double) || t == typeof(float)) && schema.AnyOf is { Count: > 0 })
        {
            schema.AnyOf = null;
            schema.Type = JsonSchemaType.Number | (underlying is not null ? JsonSchemaType.Null : 0);
        }
        // Text goes through the control-character converter (UnsafeTextChecks), and a custom converter leaves the
        // schema empty: it is still a string, null where the member is nullable.
        if (type == typeof(string) && schema.Type is null && schema.AnyOf is not { Count: > 0 } && schema.OneOf is not { Count: > 0 })
            schema.Type = JsonSchemaType.String | (context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.Null : 0);
        if (type != typeof(string) && typeof(IEnumerable<string>).IsAssignableFrom(type) && schema.Type is { } array
            && array.HasFlag(JsonSchemaType.Array) && (schema.Items is null || schema.Items is OpenApiSchema { Type: null }))
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        if (context.JsonTypeInfo.Type == typeof(ProblemDetails) && context.JsonPropertyInfo is null)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[Problems.ParameterKey] = Text("the query string or route value at fault");
            schema.Properties[Problems.FieldKey] = Text("the JSON body member at fault (its path)");
            schema.Properties["traceId"] = Text("quote it when reporting a 500");
            schema.Properties["allowed"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Items = new OpenApiSchema(),
                Description = "the values the parameter at fault may take, where they are a small set",
            };
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
