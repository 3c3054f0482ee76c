using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridGIS.Server.Http;

/// <summary>
/// Two corrections to the OpenAPI document's schemas, so that the viewer's generated types say what the
/// API sends: numbers are numbers (the JSON options allow "NaN" and "Infinity" only so that a stray
/// non-finite value cannot fail a whole response; the API's records carry finite values, null where
/// there is none), nullable numbers may be null; and every ProblemDetails carries the extensions
/// <see cref="Problems"/> adds (<c>parameter</c>, <c>field</c>, <c>traceId</c>).
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
        if (context.JsonTypeInfo.Type == typeof(ProblemDetails) && context.JsonPropertyInfo is null)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[Problems.ParameterKey] = Text("the query string or route value at fault");
            schema.Properties[Problems.FieldKey] = Text("the JSON body member at fault (its path)");
            schema.Properties["traceId"] = Text("quote it when reporting a 500");
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
