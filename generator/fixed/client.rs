// The fixed end of `Client`'s `impl` block in `client.rs`, as prettyplease prints it: the
// settings every client has, `request` (`{crate}` is the crate's name in code; a build
// script's modules get it without its example) and `request_to`. `emit::client::scaffold`
// writes the block's head (the constructors and credentials setters this API's security
// schemes give), then these parts. Not printed again on every run (see `emit::fixed`); an
// `// api:` line is the public-API manifest's line for what its part declares, and the tests
// of `emit::fixed` check both against what printing the part gives.
impl Client {
    // part: settings: base URL, timeout, retries, per-call options, paging, clock, HTTP client.
    // api: client::Client::with_base_url  pub fn(mut self, base_url: impl Into<String>) -> Self
    // api: client::Client::with_timeout  pub fn(mut self, timeout: std::time::Duration) -> Self
    // api: client::Client::with_retry_policy  pub fn(mut self, policy: RetryPolicy) -> Self
    // api: client::Client::with_max_retries  pub fn(mut self, max_retries: u32) -> Self
    // api: client::Client::with_options  pub fn(&self, options: RequestOptions) -> Self
    // api: client::Client::with_paging  pub fn(mut self, paging: Paging) -> Self
    // api: client::Client::with_clock  pub fn(mut self, clock: impl Clock + 'static) -> Self
    // api: client::Client::with_http_client  pub fn(mut self, http: reqwest::Client) -> Self
    // api: client::Client::base_url  pub fn(&self) -> &str
    /// Sends requests to `base_url` instead (a mock server, a proxy, another region).
    /// A trailing `/` is optional.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Lets each request take at most `timeout` (per attempt); past it the call fails
    /// with [`Error::Timeout`] (after retrying, for idempotent methods).
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.runtime.timeout = timeout;
        self
    }

    /// Retries failed requests as `policy` says (see [`RetryPolicy`] for the default).
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.runtime.retry = policy;
        self
    }

    /// Retries a failed request at most `max_retries` times (0: never), with the default
    /// backoff.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.runtime.retry = self.runtime.retry.max_retries(max_retries);
        self
    }

    /// A client for calls with other settings (timeout, retries, extra headers); the
    /// original is unchanged. Cheap: the connection pool is shared.
    pub fn with_options(&self, options: RequestOptions) -> Self {
        let mut client = self.clone();
        client.runtime.apply(options);
        client
    }

    /// How the `*_pages` streams number their pages and when they stop.
    pub fn with_paging(mut self, paging: Paging) -> Self {
        self.runtime.paging = paging;
        self
    }

    /// Uses `clock` to wait between retries and to read `Retry-After` dates (tests use a
    /// clock that records the waits instead of sleeping).
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.runtime.clock = std::sync::Arc::new(clock);
        self
    }

    /// Sends requests through `http`, for your own proxies, TLS or pool settings. The
    /// request timeout, retries and `User-Agent` still apply. Its redirect policy is its
    /// own: build it with [`super::runtime::same_origin_redirects`] so that no credential
    /// follows a redirect to another host, as with the client [`Client::new`] makes.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.runtime.http = http;
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    // part: request: any endpoint, for those the spec does not describe yet.
    // api: client::Client::request  pub fn(&self, method: reqwest::Method, path: &str) -> RawRequest
    /// A request to any endpoint of this API, `path` relative to the base URL (with `{name}`
    /// placeholders for [`RawRequest::path_param`]): for endpoints the spec does not describe yet.
    /// It goes through this client's credentials, timeouts, retries, options and tracing, and
    /// answers with the status, headers and bytes, whatever the status.
    ///
    /// ```no_run
    /// # async fn run(client: {crate}::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let response = client
    ///     .request({crate}::reqwest::Method::GET, "/things/{id}")
    ///     .path_param("id", "42")
    ///     .query("expand", "all")
    ///     .send()
    ///     .await?;
    /// let thing: serde_json::Value = response.json()?;
    /// # let _ = thing;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: reqwest::Method, path: &str) -> RawRequest {
        RawRequest::new(
            self.runtime.clone(),
            &self.base_url,
            DEFAULT_SECURITY,
            method,
            path,
        )
    }

    // part: request_to: the base URL with path segments, each percent-encoded.
    /// A request to the base URL with `segments` appended, each percent-encoded as one
    /// path segment, so that no parameter value can change the shape of the path.
    fn request_to(
        &self,
        method: reqwest::Method,
        segments: &[&str],
    ) -> Result<reqwest::RequestBuilder, Error> {
        Ok(self.runtime.http.request(method, join_url(&self.base_url, segments)?))
    }
}
