# sam build runs `make build-<LogicalId>` for every function of template.yaml (Metadata: BuildMethod: makefile),
# with ARTIFACTS_DIR set to that function's artifact folder. All functions share one jar: the shaded jar of runtime
# dependencies only (no local runtime, no provided or test dependencies), placed in lib/, which the Lambda Java
# runtime puts on the class path. Tests are for `mvn -B verify`, not for every deployment build.

MVN ?= mvn
LAMBDA_JAR = target/primesync-1.0.0-SNAPSHOT-lambda.jar
FUNCTIONS = AuthorizerFunction ListContractsFunction EligibilityFunction SyncFunction WebhookFunction SyncWorkerFunction SweeperFunction ProcoreEventFunction ReconcileFunction

.PHONY: lambda-jar $(addprefix build-,$(FUNCTIONS))

lambda-jar:
	$(MVN) -B -q package -DskipTests -Dcds.skip=true

$(addprefix build-,$(FUNCTIONS)): lambda-jar
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(LAMBDA_JAR) "$(ARTIFACTS_DIR)/lib/"

# The Spectrum agent's function (only in a stack given its VPC parameters) has an artifact of its own: the agent, its
# JDBC driver and the AWS clients it needs, none of the product's functions.
AGENT_LAMBDA_JAR = target/primesync-agent-lambda.jar

.PHONY: build-SpectrumAgentFunction
build-SpectrumAgentFunction: lambda-jar
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp $(AGENT_LAMBDA_JAR) "$(ARTIFACTS_DIR)/lib/"

# The web page (web/) into the stack's bucket, then a CloudFront invalidation so the new files are served at once.
# config.json is not uploaded: CloudFront answers it from the stack's parameters (WebConfigFunction).
#   make deploy-web STACK=primesync [AWS_REGION=eu-west-1]
.PHONY: deploy-web
deploy-web:
	@test -n "$(STACK)" || { echo "make deploy-web STACK=<stack name>"; exit 2; }
	bucket=$$(aws cloudformation describe-stacks --stack-name "$(STACK)" \
	    --query "Stacks[0].Outputs[?OutputKey=='WebBucketName'].OutputValue" --output text) && \
	distribution=$$(aws cloudformation describe-stacks --stack-name "$(STACK)" \
	    --query "Stacks[0].Outputs[?OutputKey=='WebDistributionId'].OutputValue" --output text) && \
	aws s3 sync web/ "s3://$$bucket/" --delete --exclude config.json && \
	aws cloudfront create-invalidation --distribution-id "$$distribution" --paths '/*' --query Invalidation.Id --output text
