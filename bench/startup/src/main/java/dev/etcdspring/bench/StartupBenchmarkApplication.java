/*
 * Copyright 2026 the etcd-spring-boot-starter authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.etcdspring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application bench/startup/run.sh starts: one controller, web MVC and actuator, and
 * with the etcd variant's class path the etcd starter's configuration import,
 * registration and discovery.
 *
 * @author etcd-spring-boot-starter authors
 */
@SpringBootApplication
@RestController
public class StartupBenchmarkApplication {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	public static void main(String[] args) throws IOException {
		SpringApplication application = new SpringApplication(StartupBenchmarkApplication.class);
		String floor = System.getProperty("bench.floor.endpoint");
		if (floor != null) {
			// The floor variants: jetcd's first get without the starter (JetcdFloor).
			application.addListeners(new JetcdFloor(floor));
		}
		String steps = System.getProperty("bench.steps");
		if (steps == null) {
			application.run(args);
			return;
		}
		// -Dbench.steps=<file>: write Spring's startup steps with their CPU time to a
		// file
		// (for the breakdown, not for the timed runs).
		CpuTimeApplicationStartup startup = new CpuTimeApplicationStartup();
		application.setApplicationStartup(startup);
		application.run(args);
		Files.write(Path.of(steps), startup.lines());
	}

}
