#!/usr/bin/env bash
# Builds and pushes the aqpipe image, creates or updates the Batch stack, and submits jobs.
#   deploy.sh --user NAME [--shards N] [--wait] [--no-build] [--image-uri URI] [--tag TAG]
#             [--source S] [--stage URI] [--schema S] [--table T] [--secret X] [--queue Q]
# Submits a transform job (an array job of N shards when --shards N > 1), then a load job
# depending on it.
# Uses the aws CLI as configured: AWS_PROFILE, AWS_DEFAULT_REGION (and the profile's region),
# AWS_ENDPOINT_URL are honoured, as the CLI honours them; AWS_REGION is read for the registry URI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
user="" shards=1 wait=0 build=1 image_uri="" tag="latest" queue="academy-capstone-winter-2023-job-queue"
env_tag="academy-capstone-winter-2023"
params=()
die() { echo "deploy.sh: $*" >&2; exit 2; }
while (($#)); do
  case "$1" in
    --user) user="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --wait) wait=1; shift ;;
    --no-build) build=0; shift ;;
    --image-uri) image_uri="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --queue) queue="$2"; shift 2 ;;
    --source | --stage | --schema | --table | --secret) params+=("${1#--}=$2"); shift 2 ;;
    -h | --help) sed -n 2,7p "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[ -n "$user" ] || die "--user NAME is required (your AWS username; every resource name starts with it)"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards takes a positive integer, not '$shards'"
stack="$user-aqpipe"

if [ -z "$image_uri" ]; then
  account=$(aws sts get-caller-identity --query Account --output text)
  region=$(aws configure get region || true)
  region="${AWS_REGION:-${AWS_DEFAULT_REGION:-${region:-eu-west-1}}}"
  registry="$account.dkr.ecr.$region.amazonaws.com"
  image_uri="$registry/$user-aqpipe:$tag"
fi

deploy_stack() {
  # create or update; "No updates are to be performed" is not a failure.
  local action=update-stack waiter=stack-update-complete out
  if ! aws cloudformation describe-stacks --stack-name "$stack" >/dev/null 2>&1; then
    action=create-stack waiter=stack-create-complete
  fi
  if ! out=$(aws cloudformation "$action" --stack-name "$stack" \
      --template-body "file://$here/aqpipe-batch.yaml" \
      --parameters "ParameterKey=UserName,ParameterValue=$user" "ParameterKey=ImageUri,ParameterValue=$image_uri" \
      --tags "Key=environment,Value=$env_tag" 2>&1); then
    grep -q "No updates are to be performed" <<<"$out" || { echo "$out" >&2; exit 1; }
    echo "stack $stack: no changes"
    return
  fi
  aws cloudformation wait "$waiter" --stack-name "$stack"
  echo "stack $stack: ${action%-stack}d"
}

build_and_push() {
  local registry="${image_uri%%/*}" tool id
  if docker info >/dev/null 2>&1; then tool=docker; elif command -v buildah >/dev/null; then tool=buildah; else
    echo "deploy.sh: neither a running docker nor buildah found: install one, or pass --no-build --image-uri URI" >&2; exit 1
  fi
  # buildah builds through the same script as the tests (a Debian base made by debootstrap, so no
  # registry is needed to build); Docker builds the Dockerfile on its default debian:bookworm-slim.
  if [ "$tool" = docker ]; then docker build -t "$image_uri" "$root"; else
    id=$(bash "$root/scripts/container/build_image.sh" "$image_uri")
    echo "image $image_uri: $id"
  fi
  # Like Docker, a registry on loopback is spoken to over plain HTTP (a local registry, a tunnel).
  local plain=()
  [[ "$tool" = buildah && "$registry" =~ ^(localhost|127\.[0-9.]+)(:[0-9]+)?$ ]] && plain=(--tls-verify=false)
  aws ecr get-login-password | "$tool" login "${plain[@]}" --username AWS --password-stdin "$registry"
  "$tool" push "${plain[@]}" "$image_uri"
}

submit() {  # name definition [extra args...] -> prints the job id
  local name="$1" def="$2"; shift 2
  local p=()
  ((${#params[@]})) && p=(--parameters "$(IFS=,; echo "${params[*]}")")
  aws batch submit-job --job-name "$name" --job-queue "$queue" --job-definition "$def" \
    --tags "environment=$env_tag" --propagate-tags "${p[@]}" "$@" --query jobId --output text
}

deploy_stack
if ((build)); then build_and_push; else echo "image: $image_uri (not built: --no-build)"; fi

stamp=$(date -u +%Y%m%dT%H%M%S)
array=()
((shards > 1)) && array=(--array-properties "size=$shards")
transform=$(submit "$user-aqpipe-transform-$stamp" "$user-aqpipe-transform" "${array[@]}")
load=$(submit "$user-aqpipe-load-$stamp" "$user-aqpipe-load" --depends-on "jobId=$transform")
echo "submitted transform job $transform ($shards shard(s)), load job $load"
jobs=("$transform" "$load")

if ((wait)); then
  for job in "${jobs[@]}"; do
    while :; do
      status=$(aws batch describe-jobs --jobs "$job" --query 'jobs[0].status' --output text)
      case "$status" in SUCCEEDED | FAILED) break ;; esac
      sleep 2
    done
    stream=$(aws batch describe-jobs --jobs "$job" --query 'jobs[0].container.logStreamName' --output text)
    echo "job $job: $status (log stream: $stream)"
    [ "$status" = SUCCEEDED ] || exit 1
  done
fi
